"""The Renstra exchange format (renstra-exchange, version 1): validation, import, export.

The format is described in ``SHARED_DIR/interchange/README.md`` and its JSON Schema."""
