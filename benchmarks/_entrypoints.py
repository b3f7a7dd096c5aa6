"""Inclusive timing of the extension's entry points in a Sphinx build (used by ``bench_build.py``).

A project's ``conf.py`` calls :func:`install` from its ``setup(app)``.  Sphinx runs that after every
extension's ``setup``, so everything ``sphinx_gov_report`` registered is in the registries by then:
directives and roles (their ``run``), transforms (``apply``) and post-transforms (``run``), node visitors
and departures, and event handlers (``builder-inited``, ``doctree-read``, ``env-updated``,
``build-finished``, …).  Each is replaced by a timed wrapper; only the outermost call is counted, so an
entry point running inside another one (a ``:gov:`` role in the preamble ``gov-report`` parses) is not
counted twice.  The time includes whatever an entry point hands to docutils, YAML or Jinja2, and also
docutils work a page would do anyway (parsing the nested content) — an upper bound of the extension's work.
"""

from __future__ import annotations

import copy
import functools
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

PACKAGE = "sphinx_gov_report"

totals: Counter[str] = Counter()  # seconds per entry point, outermost calls only
calls: Counter[str] = Counter()
_depth = 0


def reset() -> None:
    totals.clear()
    calls.clear()


def total() -> float:
    return sum(totals.values())


def _ours(obj: object) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == PACKAGE or module.startswith(PACKAGE + ".")


def _timed(func: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _depth
        outermost = _depth == 0
        start = time.perf_counter()
        _depth += 1
        try:
            return func(*args, **kwargs)
        finally:  # visitors end with SkipNode
            _depth -= 1
            if outermost:
                totals[label] += time.perf_counter() - start
                calls[label] += 1

    return wrapper


def _subclass(cls: type, method: str) -> type:
    """``cls`` with ``method`` timed (a subclass: the package's own classes stay untouched)."""
    label = f"{cls.__name__}.{method}"
    return type(cls.__name__, (cls,), {method: _timed(getattr(cls, method), label), "__module__": cls.__module__})


def install(app: Any) -> list[str]:
    """Wrap every entry point ``sphinx_gov_report`` registered with ``app``; return what was wrapped."""
    from docutils.parsers.rst import directives, roles
    from sphinx.transforms.post_transforms import SphinxPostTransform

    wrapped = []
    for name, directive in list(directives._directives.items()):  # type: ignore[attr-defined]
        if isinstance(directive, type) and _ours(directive):
            app.add_directive(name, _subclass(directive, "run"), override=True)
            wrapped.append(f"directive {name}: {directive.__name__}.run")
    for name, role in list(roles._roles.items()):  # type: ignore[attr-defined]
        if _ours(type(role)) and hasattr(role, "run"):  # a SphinxRole instance: time its run
            timed_role = copy.copy(role)
            timed_role.__class__ = _subclass(type(role), "run")
            app.add_role(name, timed_role, override=True)
            wrapped.append(f"role {name}: {type(role).__name__}.run")
        elif _ours(role):  # a role function
            app.add_role(name, _timed(role, role.__qualname__), override=True)
            wrapped.append(f"role {name}: {role.__qualname__}")
    registry = app.registry
    for transforms in (registry.transforms, registry.post_transforms):
        for i, transform in enumerate(transforms):
            if _ours(transform):
                method = "run" if issubclass(transform, SphinxPostTransform) else "apply"
                transforms[i] = _subclass(transform, method)
                wrapped.append(f"transform {transform.__name__}.{method}")
    for builder, handlers in registry.translation_handlers.items():
        for node, pair in list(handlers.items()):
            if any(_ours(f) for f in pair):
                handlers[node] = tuple(_timed(f, _name(f)) if f and _ours(f) else f for f in pair)
                wrapped.append(f"{builder} visitor {node}: " + ", ".join(_name(f) for f in pair if f))
    for event, listeners in app.events.listeners.items():
        for i, listener in enumerate(listeners):
            if _ours(listener.handler):
                listeners[i] = listener._replace(
                    handler=_timed(listener.handler, f"{_name(listener.handler)} ({event})")
                )
                wrapped.append(f"event {event}: {_name(listener.handler)}")
    return wrapped


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__.rsplit('.', 1)[-1]}.{func.__qualname__}"
