"""Import on first use: the package's names without the cost of loading them all.

A package lists its submodules and the names it re-exports from them; PEP 562's
module ``__getattr__`` imports a submodule only when one of them is first
asked for. So ``import lab3`` is as quick as importing NumPy, and PyTorch is
loaded by the first function that computes with it.
"""

from __future__ import annotations

import importlib


def exports(package: str, namespace: dict, submodules, names: dict):
    """``__getattr__``, ``__dir__`` and ``__all__`` for the package called ``package``.

    ``namespace`` is the package's ``globals()``; ``submodules`` are imported as
    ``package.<name>``; ``names`` maps each re-exported name to the submodule
    that defines it. A name, once imported, is kept in ``namespace``.
    """
    public = sorted({*submodules, *names})

    def __getattr__(name: str):
        if name in names:
            value = getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        elif name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__():
        return sorted({*namespace, *public})

    return __getattr__, __dir__, public
