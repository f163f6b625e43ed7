"""pydantic v2 models of the records and of dj.yaml (no I/O here)."""
