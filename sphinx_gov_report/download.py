"""Each report's data published as a JSON download linked from its page (HTML builders).

The ``gov-report`` directive leaves a :class:`gov_report_download` placeholder
after the preamble.  For the ``html``, ``dirhtml`` and ``singlehtml`` builders
a post-transform turns it into a paragraph with a link to
``_gov_report/<data path>.json``; every other builder drops it.  The JSON files
(the layout of :mod:`sphinx_gov_report.export`, one record) are written at
``html-collect-pages``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from . import export
from .loader import load_report
from .model import Report
from .reporting import ENV_ATTR

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
OUT_DIR = "_gov_report"


class gov_report_download(nodes.General, nodes.Element):
    """Placeholder for the link to the JSON data of the report at ``self["path"]``."""


def download_node(path: str) -> gov_report_download:
    node = gov_report_download()
    node["path"] = path
    return node


def target_name(srcdir: str, path: str) -> str:
    """Where the JSON of the data file ``path`` goes, relative to the output directory."""
    rel = Path(os.path.relpath(path, srcdir)).with_suffix(".json").as_posix()
    if rel.startswith("../"):  # a data file outside the source directory (when allowed)
        digest = hashlib.sha1(path.encode("utf-8")).hexdigest()[:10]
        rel = f"outside-{digest}/{PurePosixPath(rel).name}"
    return f"{OUT_DIR}/{rel}"


def _report(app: Sphinx, path: str) -> Report | None:
    srcdir = str(app.env.srcdir)
    report = load_report(path, srcdir, bool(app.config.gov_report_allow_outside_srcdir)).report
    return report if report is not None and getattr(report, "complete", True) else None


def _enabled(app: Sphinx) -> bool:
    return app.builder.name in HTML_BUILDERS and bool(app.config.gov_report_json_download)


class ResolveDownloads(SphinxPostTransform):
    """Link the report's JSON (HTML builders) or drop the placeholder (all others)."""

    default_priority = 190

    def run(self, **kwargs: Any) -> None:
        enabled = _enabled(self.app)
        for node in list(self.document.findall(gov_report_download)):
            path = node["path"]
            if not enabled or _report(self.app, path) is None:
                node.parent.remove(node)
                continue
            target = target_name(str(self.env.srcdir), path)
            uri = relative_uri(self.app.builder.get_target_uri(self.env.docname), target)
            label = f"{Path(path).stem}.json"
            para = nodes.paragraph(classes=["gov-report-download"])
            para += nodes.Text("本报告数据下载：")
            ref = nodes.reference("", "", internal=False, refuri=uri, classes=["gov-report-json"])
            ref += nodes.Text(label)
            para += ref
            para += nodes.Text("（JSON 格式，含自动计算的总计）")
            node.replace_self(para)


def write_json(app: Sphinx) -> list:
    """``html-collect-pages``: write the JSON of every report used by a document."""
    if not _enabled(app):
        return []
    srcdir = str(app.env.srcdir)
    paths = {path for records in getattr(app.env, ENV_ATTR, {}).values() for path in records}
    for path in sorted(paths):
        report = _report(app, path)
        if report is None:
            continue
        source = Path(os.path.relpath(path, srcdir)).as_posix()
        target = Path(app.builder.outdir) / target_name(srcdir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(export.document([export.record(report, source)]), ensure_ascii=False, indent=2) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return []


def setup(app: Sphinx) -> None:
    """Register the placeholder node, its post-transform, the config value and the writer."""
    app.add_config_value("gov_report_json_download", True, "html", types=(bool,))
    app.add_node(gov_report_download)
    app.add_post_transform(ResolveDownloads)
    app.connect("html-collect-pages", write_json)
