"""Private copies of the grader modules that run inside the student's child.

The child's grader code (import, call, encode, send: :mod:`grader.sandbox.child` and what it
imports from ``grader``) runs in the same process as student code, which may replace
builtins (``builtins.len = lambda x: 0``) or wrap functions of any module it finds in
``sys.modules``. So the fork server, before any student code exists, executes those
modules' code a second time into *sealed* module objects:

- registered nowhere (not in ``sys.modules``, not as package attributes), so patching
  ``grader.sandbox.values.encode`` changes a module the child no longer uses;
- each with its own copy of the pristine builtins, so ``builtins.len = ...`` is not seen;
- importing other ``grader`` modules as sealed copies too (on demand, recursively), so
  a new child-side module (a new operation, a new converter) is sealed just by being
  imported from one.

Third-party and standard-library objects are bound once at import time by those modules
(``_write = os.write``, a C JSON encoder, ...) rather than looked up later. The child then
removes every ``grader`` module from ``sys.modules`` (:func:`hide_grader_modules`), so a
submission that goes looking for them by name finds nothing.
"""

from __future__ import annotations

import builtins
import importlib.util
import sys
import types
from typing import Any

#: the builtins as they are before any student code runs (this module is imported by the grader)
PRISTINE_BUILTINS: dict[str, Any] = dict(builtins.__dict__)
_real_import = builtins.__import__
PACKAGE = "grader"


class SealedLoader:
    """Loads sealed copies of ``grader`` modules; one copy per module name."""

    def __init__(self) -> None:
        self.modules: dict[str, types.ModuleType] = {}
        self.builtins = dict(PRISTINE_BUILTINS)
        self.builtins["__import__"] = self._import

    def load(self, name: str) -> types.ModuleType:
        """The sealed copy of module ``name`` (loaded now if it is not yet)."""
        if name in self.modules:
            return self.modules[name]
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "get_code"):
            raise ImportError(f"cannot seal {name}: no source")
        code = spec.loader.get_code(name)
        module = types.ModuleType(name)
        module.__dict__.update({"__builtins__": self.builtins, "__file__": spec.origin, "__spec__": spec,
                                "__package__": name.rpartition(".")[0], "__loader__": spec.loader})
        self.modules[name] = module  # before running it: modules that import each other
        # registered while it runs (dataclasses look their module up), then the original is put back
        original = sys.modules.get(name)
        sys.modules[name] = module
        try:
            exec(code, module.__dict__)
        except BaseException:
            del self.modules[name]
            raise
        finally:
            if original is not None:
                sys.modules[name] = original
            else:
                del sys.modules[name]
        return module

    def _import(self, name: str, globals: dict[str, Any] | None = None, locals: Any = None,
                fromlist: Any = (), level: int = 0) -> Any:
        if level:
            package = (globals or {}).get("__package__") or ""
            base = package.rsplit(".", level - 1)[0] if level > 1 else package
            name = f"{base}.{name}" if name else base
        if not _ours(name):
            return _real_import(name, globals, locals, fromlist, 0)
        if not fromlist:
            raise ImportError(f"sealed grader modules must use `from {name} import ...`, not `import {name}`")
        if importlib.util.find_spec(name) is not None and _is_module_file(name):
            module = self.load(name)
            return module
        # a package (``grader.sandbox`` has no __init__): a namespace holding the named submodules
        namespace = types.SimpleNamespace()
        for item in fromlist:
            setattr(namespace, item, self.load(f"{name}.{item}"))
        return namespace


def _ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def _is_module_file(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is None


def hide_grader_modules() -> None:
    """Remove every ``grader`` module from ``sys.modules`` (the sealed copies stay in use)."""
    for name in [n for n in sys.modules if _ours(n)]:
        del sys.modules[name]
