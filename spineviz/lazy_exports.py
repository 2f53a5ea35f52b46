"""A package's public names loaded on first use (PEP 562), so importing the package stays cheap."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def lazy_exports(package: str, public: dict[str, str]) -> tuple[Callable[[str], object], list[str]]:
    """A module ``__getattr__`` that imports each public name from its module when first asked, and ``__all__``."""

    def __getattr__(name: str) -> object:
        if name in public:
            return getattr(import_module(public[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__, sorted(public)
