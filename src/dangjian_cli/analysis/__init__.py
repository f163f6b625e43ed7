"""Shared queries that rules and actions both ask: periods, subjects in post, coverage."""


def import_all() -> None:
    """Import every analysis module once: they register their providers (scorecard's deductions,
    vetoes and sanctions; due's obligations) when imported, so a registry sees them all."""
    global _IMPORTED
    if _IMPORTED:
        return
    _IMPORTED = True
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


_IMPORTED = False
