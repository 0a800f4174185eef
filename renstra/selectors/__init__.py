"""Selectors: reads that join, filter by permission or feed a page."""
