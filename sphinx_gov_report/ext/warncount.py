"""Counting every warning of a build by file, for the Chinese end-of-build summary.

Sphinx keeps its own count private, so a :class:`logging.Handler` is added to the
``sphinx`` logger (the parent of every logger made with ``sphinx.util.logging.getLogger``,
docutils' reporter included) when the builder starts and removed when the build ends.
It counts each ``WARNING`` record once (suppressed ones left out, as Sphinx leaves them
out) under the file of its location.  Records read in parallel processes are replayed in the
main process, so ``-j N`` counts them too.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.logging import get_node_location, is_suppressed_warning

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the handler is kept between ``builder-inited`` and ``build-finished``.
APP_ATTR = "_gov_report_warning_counter"
#: Set on a record once counted (to the counting process id).
COUNTED = "_gov_report_counted"
NO_FILE = "（未注明文件）"
#: ``:12`` or ``:12:5`` (or a bare ``:``) after a path.
_LINE_SUFFIX = re.compile(r"(:\d*)+$")


class WarningCounter(logging.Handler):
    """Counts warnings per file (paths relative to the source directory where possible)."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno != logging.WARNING or getattr(record, COUNTED, None) == os.getpid():
            return
        # Sphinx holds some warnings back and logs the same record again later (pending_warnings);
        # a record from a parallel reader arrives unpickled in this process and is counted here.
        setattr(record, COUNTED, os.getpid())
        suppressed = getattr(self.app.config, "suppress_warnings", [])
        kind, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
        if kind and is_suppressed_warning(str(kind), str(subtype or ""), suppressed):
            return
        self.counts[self.file_of(getattr(record, "location", None))] += 1

    def file_of(self, location: object) -> str:
        """The file part of a log record's location (a docname, ``(docname, line)``, a node or ``path:line``)."""
        path: str | None = None
        env = self.app.env
        if isinstance(location, tuple) and location and location[0]:
            path = str(env.doc2path(location[0]))
        elif isinstance(location, nodes.Node):
            found = get_node_location(location)
            path = found.rsplit(":", 1)[0] if found else None
        elif isinstance(location, str) and location:
            path = _LINE_SUFFIX.sub("", location)
            if ":" not in location and not os.path.isabs(location) and not os.path.exists(location):
                path = str(env.doc2path(location))  # a docname
        if not path:
            return NO_FILE
        srcdir = os.path.abspath(str(self.app.srcdir))
        full = os.path.abspath(path)
        if full == srcdir or full.startswith(srcdir + os.sep):
            return os.path.relpath(full, srcdir).replace(os.sep, "/")
        return path


def builder_inited(app: Sphinx) -> None:
    """Start counting (``builder-inited``)."""
    counter = WarningCounter(app)
    setattr(app, APP_ATTR, counter)
    logging.getLogger("sphinx").addHandler(counter)


def stop(app: Sphinx) -> Counter[str]:
    """Stop counting and return the counts per file."""
    counter: WarningCounter | None = getattr(app, APP_ATTR, None)
    if counter is None:
        return Counter()
    logging.getLogger("sphinx").removeHandler(counter)
    setattr(app, APP_ATTR, None)
    return counter.counts


def summary_line(counts: Counter[str]) -> str:
    """「构建检查：共 3 个警告：index.rst 2 个，data/2021.yaml 1 个。」 or 「构建检查：没有警告。」"""
    total = sum(counts.values())
    if not total:
        return "构建检查：没有警告。"
    parts = "，".join(f"{name} {n} 个" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"构建检查：共 {total} 个警告：{parts}。请逐一修改，没有警告后再发布。"
