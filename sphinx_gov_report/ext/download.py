"""Each report's data published as a JSON download linked from its page (HTML builders).

The ``gov-report`` directive leaves a :class:`gov_report_download` placeholder
after the preamble.  For the ``html``, ``dirhtml`` and ``singlehtml`` builders
a post-transform turns it into a paragraph, at the end of the report, with a
link to ``_gov_report/<data path>.json``; every other builder drops it.  The JSON files
(the layout of :mod:`sphinx_gov_report.export`, one record) are written at
``build-finished`` (``singlehtml`` has no ``html-collect-pages``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.util.osutil import relative_uri

from .. import __version__
from ..core import export
from ..core.model import Report
from ..core.rollup import effective_report
from .config import settings
from .domain import domain
from .nodes import gov_report_download, gov_report_json_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
OUT_DIR = "_gov_report"


def download_node(path: str) -> gov_report_download:
    node = gov_report_download()
    node["path"] = path
    return node


def target_name(srcdir: str, path: str) -> str:
    """Where the JSON of the data file ``path`` goes, relative to the output directory.

    ``data/2022.yaml`` → ``_gov_report/data/2022.json``; ``data/r.yml`` → ``…/data/r.yml.json``
    (so ``r.yaml`` and ``r.yml`` never share one file); any other name keeps its full name
    plus a short digest of its path.  A data file outside the source directory (when allowed)
    goes to ``outside-<digest>/``.
    """
    rel = PurePosixPath(Path(os.path.relpath(path, srcdir)).as_posix())
    digest = hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    name = rel.name or "data"
    stem, suffix = os.path.splitext(name)
    if suffix == ".yaml" and "." not in stem:
        name = f"{stem}.json"
    elif suffix == ".yml" and "." not in stem:
        name = f"{stem}.yml.json"
    else:
        name = f"{name}-{digest[:8]}.json"
    if rel.parts[:1] == ("..",) or not rel.name:  # outside the source directory (when allowed)
        return f"{OUT_DIR}/outside-{digest}/{name}"
    return f"{OUT_DIR}/{rel.parent / name}" if str(rel.parent) != "." else f"{OUT_DIR}/{name}"


def _report(srcdir: str, allow_outside: bool, path: str) -> Report | None:
    report = effective_report(path, srcdir, allow_outside)
    return report if report is not None and report.complete else None


def link_paragraph(config: Any, srcdir: str, node: gov_report_download) -> nodes.paragraph | None:
    """The paragraph linking to the JSON of the report ``node`` names (``None`` for broken data)."""
    if _report(srcdir, settings(config, srcdir).allow_outside_srcdir, node["path"]) is None:
        return None
    target = target_name(srcdir, node["path"])
    para = nodes.paragraph(classes=["gov-report-download"])
    para += nodes.Text("本报告数据下载：")
    para += gov_report_json_link("", PurePosixPath(target).name, target=target)
    para += nodes.Text("（JSON 格式，含自动计算的总计）")
    return para


def visit_json_link(self: Any, node: gov_report_json_link) -> None:
    uri = relative_uri(self.builder.get_target_uri(self.builder.current_docname), quote(node["target"]))
    self.body.append(f'<a class="reference external gov-report-json" href="{escape(uri)}">')


def depart_json_link(self: Any, node: gov_report_json_link) -> None:
    self.body.append("</a>")


#: The digests of what each JSON file was written from (in the output folder, beside the JSON).
MANIFEST = ".manifest"  # JSON, but not a *.json download


def _digest(paths: list[str], allow_outside: bool) -> str:
    """A digest of the bytes of ``paths`` (missing files count as absent), without parsing anything."""
    sha = hashlib.sha256(f"{__version__}:{allow_outside}".encode())
    for name in paths:
        sha.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(name, "rb") as fh:
                sha.update(hashlib.sha256(fh.read()).digest())
        except OSError:
            sha.update(b"-")
    return sha.hexdigest()


def _inputs(app: Sphinx, path: str, users: list[str]) -> list[str]:
    """The files a report's JSON depends on: its data file and the dependencies of the pages using it
    (a 汇总's units among them)."""
    deps = {path}
    srcdir = Path(app.env.srcdir)
    for docname in users:
        deps.update(str(srcdir / dep) for dep in app.env.dependencies.get(docname, ()))
    return sorted(deps)


def _manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_json(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: write the JSON of every report used by a document.

    A report whose inputs did not change since the JSON was written is left alone, without
    reading its data again (a no-change rebuild parses no YAML).  A report whose data now has
    errors, or a build with the download switched off, leaves no stale JSON behind.
    """
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    outdir = Path(app.builder.outdir)
    srcdir = str(app.env.srcdir)
    chosen = settings(app.config, srcdir)
    if not chosen.json_download:
        shutil.rmtree(outdir / OUT_DIR, ignore_errors=True)
        return
    allow = chosen.allow_outside_srcdir
    users: dict[str, list[str]] = {}
    for docname, records in domain(app.env).records.items():
        for path in records:
            users.setdefault(path, []).append(docname)
    old = _manifest(outdir / OUT_DIR)
    new: dict[str, str] = {}
    for path in sorted(users):
        target = outdir / target_name(srcdir, path)
        key = target.relative_to(outdir).as_posix()
        digest = _digest(_inputs(app, path, users[path]), allow)
        if old.get(key) == digest and target.is_file():
            new[key] = digest
            continue
        report = _report(srcdir, allow, path)
        if report is None:
            if target.is_file():
                target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = export.to_json([export.record(report, Path(os.path.relpath(path, srcdir)).as_posix())])
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        new[key] = digest
    if new != old and (new or old):
        (outdir / OUT_DIR).mkdir(parents=True, exist_ok=True)
        (outdir / OUT_DIR / MANIFEST).write_text(json.dumps(new, sort_keys=True, indent=0), encoding="utf-8")
