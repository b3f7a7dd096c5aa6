"""Finding the report data files under the folders given to ``validate`` and ``export``.

A folder walk skips hidden files and folders, build output, last year's copies that
``new --from`` keeps in ``previous/``, whatever ``--exclude`` names, and YAML files
that are not report data (such as ``docker-compose.yml``: top-level keys, but no
``format``, ``agency`` or ``year``).  Files named on the command line are always taken.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .common import SKIP_DIRS, UsageError

#: Folders a walk never enters (besides hidden ones): build output and last year's copies.
WALK_SKIP = SKIP_DIRS | {"previous"}
_REPORT_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?(?:format|agency|year)\s*:", re.MULTILINE)
_ANY_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?[^\s#%-][^:\n]*:", re.MULTILINE)
#: Only the start of a file is read to tell report data from other YAML.
HEAD_BYTES = 64 * 1024


@dataclass
class Found:
    files: list[str] = field(default_factory=list)
    #: YAML files met in a walk but left out, as not report data.
    not_reports: list[str] = field(default_factory=list)


def excluded(rel: str, patterns: Sequence[str]) -> bool:
    """Whether ``rel`` (a ``/``-separated path below a walked folder) or any of its parts matches."""
    parts = rel.split("/")
    candidates = [rel, *parts, *("/".join(parts[: i + 1]) for i in range(len(parts)))]
    return any(fnmatch.fnmatchcase(c, p.strip("/").replace(os.sep, "/")) for p in patterns for c in candidates)


def looks_like_report(path: str) -> bool:
    """Whether a YAML file may be report data: it has a top-level ``format``, ``agency`` or ``year``, or no
    top-level key at all (an empty file is reported as such; unreadable files are kept for the loader)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return True  # let the loader report it
    return _REPORT_KEY.search(head) is not None or _ANY_KEY.search(head) is None


def find(paths: Iterable[str], exclude: Sequence[str] = ()) -> Found:
    """The report data files named or found (recursively, sorted) under ``paths``."""
    found = Found()
    for path in paths:
        if os.path.isdir(path):
            for dirpath, dirnames, filenames in os.walk(path):
                rel_dir = os.path.relpath(dirpath, path).replace(os.sep, "/")
                rel_dir = "" if rel_dir == "." else rel_dir + "/"
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not d.startswith(".") and d not in WALK_SKIP and not excluded(rel_dir + d, exclude)
                )
                for name in sorted(filenames):
                    if name.startswith(".") or not name.endswith((".yaml", ".yml")):
                        continue
                    if excluded(rel_dir + name, exclude):
                        continue
                    full = os.path.join(dirpath, name)
                    (found.files if looks_like_report(full) else found.not_reports).append(full)
        elif os.path.isfile(path):
            found.files.append(path)
        else:
            raise UsageError(f"找不到文件或目录 / no such file or directory: {path}")
    found.files = list(dict.fromkeys(found.files))
    if not found.files:
        raise UsageError("没有找到 YAML 数据文件（*.yaml、*.yml）/ no YAML data files found")
    return found
