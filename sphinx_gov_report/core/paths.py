"""Which files the engine may read: a path policy, and its refusal worded for its context.

The Sphinx build confines reading to the source directory (unless ``conf.py`` allows more);
the command line confines it to ``--root`` when given.  The same refusal is worded for
each, so no caller has to rewrite another's message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum


class Context(str, Enum):
    """Who reads: a Sphinx build or the command line."""

    BUILD = "build"
    CLI = "cli"


def check_inside(target: str, root: str | None, allow_outside: bool) -> bool:
    """Whether ``target`` (after resolving symlinks) lies inside ``root``."""
    if allow_outside or root is None:
        return True
    try:
        real_root = os.path.realpath(root)
        real = os.path.realpath(target)
    except (OSError, ValueError):  # a NUL byte, a symlink loop on some platforms
        return False
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


@dataclass(frozen=True)
class PathPolicy:
    """Files may be read inside ``root`` only (anywhere when ``allow_outside`` or no ``root``)."""

    root: str | None = None
    allow_outside: bool = False
    context: Context = Context.BUILD

    def inside(self, target: str) -> bool:
        return check_inside(target, self.root, self.allow_outside)

    def refusal(self, what: str) -> str:
        """「{what}在文档源目录之外，已拒绝读取（…）」, worded for the context."""
        if self.context is Context.CLI:
            return (
                f"{what}在 --root 指定的目录（{self.root}）之外，已拒绝读取"
                "（如确需读取，请把 --root 设为同时包含这两个文件的上级目录，或不用 --root）"
            )
        return (
            f"{what}在文档源目录之外，已拒绝读取"
            "（如确需使用，请在 conf.py 中设置 gov_report_allow_outside_srcdir = True）"
        )
