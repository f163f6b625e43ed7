"""dj (dangjian_cli): the 党风廉政建设责任制 kept as YAML records in git."""

__version__ = "0.1.0"
__all__ = ["__version__"]
