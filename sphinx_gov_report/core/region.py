"""A region project's layout, its unit registry and the 雷同 check between units (no Sphinx).

Layout, relative to the source directory::

    units.yaml                 optional registry of the units that must report
    units/<year>/<unit>.yaml   a unit's data (the file name is the unit's name)
    units/<year>/<unit>.rst    its prose (optional; same reST as a single report)
    summary/<year>.yaml/.rst   the 汇总 report (``sum_of: ../units/<year>``)
    region/                    pages generated at build time (owned by the extension)

A unit's previous year is ``units/<year-1>/<unit>.yaml`` when that file exists.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from .diagnostics import Issue, Subtype, error
from .model import Report
from .rollup import unit_files, unit_name
from .yamltree import MAX_BYTES, YMap, YNode, YScalar, YSeq, decode, parse

UNITS_DIR = "units"
SUMMARY_DIR = "summary"
PAGES_DIR = "region"
REGISTRY = "units.yaml"
KINDS = ("本级政府", "部门", "乡镇", "街道")
_YEAR = re.compile(r"[0-9]{4}")


def years(srcdir: str) -> list[int]:
    """The years that have a ``units/<year>/`` folder, oldest first."""
    try:
        names = os.listdir(os.path.join(srcdir, UNITS_DIR))
    except OSError:
        return []
    return sorted(int(n) for n in names if _YEAR.fullmatch(n) and os.path.isdir(os.path.join(srcdir, UNITS_DIR, n)))


def year_folder(srcdir: str, year: int) -> str:
    return os.path.join(srcdir, UNITS_DIR, str(year))


def units_of(srcdir: str, year: int) -> list[str]:
    """The unit data files of ``year``, sorted by name."""
    return unit_files(year_folder(srcdir, year))


def unit_of(srcdir: str, path: str) -> tuple[int, str] | None:
    """``(year, name)`` when ``path`` is a unit data file ``units/<year>/<name>.yaml``."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(srcdir)).replace(os.sep, "/")
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != UNITS_DIR or not _YEAR.fullmatch(parts[1]):
        return None
    if not parts[2].endswith((".yaml", ".yml")):
        return None
    return int(parts[1]), unit_name(parts[2])


def unit_docname(year: int, name: str) -> str:
    """The generated page of a unit's report."""
    return f"{PAGES_DIR}/{year}/{name}"


def prose_path(path: str) -> str:
    """A unit's prose file: its data file with ``.rst``."""
    return os.path.splitext(path)[0] + ".rst"


def previous_of(srcdir: str, path: str) -> str | None:
    """Last year's data file of a unit (same file name in ``units/<year-1>/``), if it exists."""
    found = unit_of(srcdir, path)
    if found is None:
        return None
    year, _name = found
    candidate = os.path.join(year_folder(srcdir, year - 1), os.path.basename(path))
    return candidate if os.path.isfile(candidate) else None


def summary_doc(srcdir: str, year: int) -> str | None:
    """The docname of the year's 汇总 report (``summary/<year>.rst``), if written."""
    return f"{SUMMARY_DIR}/{year}" if os.path.isfile(os.path.join(srcdir, SUMMARY_DIR, f"{year}.rst")) else None


# -- the registry ------------------------------------------------------------
@dataclass
class Entry:
    """A unit that must report."""

    name: str
    kind: str = ""
    order: int | None = None
    deadline: dt.date | None = None
    since: int | None = None  #: first year it must report (default: every year)
    line: int = 1


@dataclass
class Registry:
    path: str
    entries: list[Entry] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    _by_name: dict[str, Entry] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Entry | None:
        if len(self._by_name) != len(self.entries):
            self._by_name = {e.name: e for e in self.entries}
        return self._by_name.get(name)

    def due(self, year: int) -> list[Entry]:
        return [e for e in self.entries if e.since is None or e.since <= year]

    def sort_key(self, name: str) -> tuple[int, int, str]:
        entry = self.get(name)
        if entry is None:
            return (1, 0, name)
        return (0, entry.order if entry.order is not None else 10**9, name)


_ENTRY_KEYS = {"name": "名称", "kind": "类别", "order": "排序", "deadline": "报送期限", "since": "起始年度"}


def load_registry(path: str) -> Registry | None:
    """``units.yaml``: ``units: [{name, kind, order, deadline, since}, ...]``; ``None`` if absent."""
    if not os.path.isfile(path):
        return None
    registry = Registry(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        registry.issues.append(error(Subtype.FILE, "无法读取单位名单文件", path))
        return registry
    text, issues = decode(data, path)
    registry.issues += issues
    if text is None:
        return registry
    tree, issues = parse(text, path)
    registry.issues += issues
    if tree is None:
        return registry

    def err(message: str, node: YNode) -> None:
        registry.issues.append(error(Subtype.REGION, message, path, node.line, node.column))

    items: YNode | None = None
    if isinstance(tree, YMap) and "units" in tree.items:
        items = tree.items["units"][1]
    if not isinstance(items, YSeq):
        err("单位名单应写成「units:」下的列表，每项如「- {name: 县教育局, kind: 部门}」", items or tree)
        return registry
    for item in items.items:
        if not isinstance(item, YMap) or "name" not in item.items:
            err("单位名单的每一项应为含「name」（单位名称）的映射", item)
            continue
        values: dict[str, str] = {}
        for key, (knode, vnode) in item.items.items():
            if key not in _ENTRY_KEYS:
                err(
                    f"单位名单中有未知的键「{key}」；可用的键：{'、'.join(f'{k}（{v}）' for k, v in _ENTRY_KEYS.items())}",
                    knode,
                )
            elif not isinstance(vnode, YScalar):
                err(f"单位名单的「{_ENTRY_KEYS[key]}」应为一个值", vnode)
            else:
                values[key] = vnode.value.strip()
        entry = Entry(values.get("name", ""), line=item.line)
        if not entry.name:
            err("单位名称不能为空", item)
            continue
        if registry.get(entry.name):
            err(f"单位「{entry.name}」在名单中重复", item)
            continue
        kind = values.get("kind", "")
        if kind and kind not in KINDS:
            err(f"单位「{entry.name}」的类别「{kind}」不在 {'、'.join(KINDS)} 之中", item)
        entry.kind = kind
        for key in ("order", "since"):
            if key in values:
                if re.fullmatch(r"-?[0-9]+", values[key]):
                    setattr(entry, key, int(values[key]))
                else:
                    err(f"单位「{entry.name}」的「{_ENTRY_KEYS[key]}」应为整数，实际为「{values[key]}」", item)
        if "deadline" in values:
            try:
                entry.deadline = dt.date.fromisoformat(values["deadline"])
            except ValueError:
                err(f"单位「{entry.name}」的报送期限应为日期，如 2026-01-31，实际为「{values['deadline']}」", item)
        registry.entries.append(entry)
    return registry


# -- 雷同 between units -------------------------------------------------------
def number_signature(report: Report) -> tuple | None:
    """Tables 三 and 四 as one tuple, or ``None`` when too few cells are non-zero to compare."""
    keys = [k for k in report.cells if k[0] in ("applications", "appeals")]
    values = tuple(report.value(k) for k in sorted(keys))
    return values if sum(1 for v in values if v) >= 3 else None


def same_numbers(reports: list[tuple[str, Report]]) -> list[tuple[str, str]]:
    """Pairs (earlier unit, later unit) whose tables 三 and 四 are the same number for number."""
    seen: dict[tuple, str] = {}
    pairs = []
    for name, report in reports:
        sig = number_signature(report)
        if sig is None:
            continue
        if sig in seen:
            pairs.append((seen[sig], name))
        else:
            seen[sig] = name
    return pairs


_SPACE = re.compile(r"\s+")
SHINGLE = 8
#: Share of a section's 8-character shingles found in another unit's for them to count as near-identical.
NEAR = 0.6


def _shingles(text: str) -> set[str]:
    flat = _SPACE.sub("", text)
    return {flat[i : i + SHINGLE] for i in range(max(len(flat) - SHINGLE + 1, 0))}


def similar_texts(texts: list[tuple[str, str]], min_chars: int = 40) -> list[tuple[str, str, float]]:
    """Pairs of units whose texts (e.g. section 五) are near-identical: (earlier, later, share).

    Candidates come from an index of shingles (boilerplate shingles shared by very many units
    are skipped), so the cost stays near-linear in the number of units.
    """
    kept = [(name, _SPACE.sub("", text)) for name, text in texts if len(_SPACE.sub("", text)) >= min_chars]
    found: list[tuple[str, str, float]] = []
    exact: dict[str, str] = {}
    sets: list[tuple[str, set[str]]] = []
    for name, flat in kept:
        if flat in exact:  # the very same text (boilerplate shingles are not indexed below)
            found.append((exact[flat], name, 1.0))
            continue
        exact[flat] = name
        sets.append((name, _shingles(flat)))
    index: dict[str, list[int]] = {}
    for i, (_name, shingles) in enumerate(sets):
        for s in shingles:
            index.setdefault(s, []).append(i)
    cap = max(50, len(sets) // 10)
    for j, (name, shingles) in enumerate(sets):
        counts: dict[int, int] = {}
        for s in shingles:
            posting = index[s]
            if len(posting) > cap:
                continue
            for i in posting:
                if i < j:
                    counts[i] = counts.get(i, 0) + 1
        for i in sorted(counts, key=lambda i: -counts[i])[:5]:
            other = sets[i][1]
            share = len(shingles & other) / max(len(shingles | other), 1)
            if share >= NEAR:
                found.append((sets[i][0], name, share))
                break
    return found
