"""Services: the only writers of plan content. Keyword-only, typed, named <entity>_<verb>."""
