"""``sphinx-gov-report import``: published reports (HTML, .docx, PDF, text) → report projects.

One source → a report project in ``-o DIR``; several sources or a folder → the unit files
``units/<year>/<unit>.yaml`` (+ ``.rst``) of a region project, one line per file and a
summary.  Nothing that exists is overwritten without ``--force``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

from ..core import schema
from ..core.diagnostics import Level
from ..core.rules import validate_file
from .common import SKIP_DIRS, UsageError

SOURCE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf", ".txt", ".md", ".markdown", ".text"}


def add_parser(subs: argparse._SubParsersAction) -> None:
    """Register ``import`` on the command line."""
    p = subs.add_parser(
        "import",
        help="导入已发布的年度报告（HTML/Word/PDF/文本）/ import published reports",
        description="把已发布的年度报告（网页 HTML、Word .docx、文字版 PDF、纯文本）导入为报告项目：\n"
        "数据文件（数字照原文所印，空白仍为空白，总计照印）、正文和导入报告。\n"
        "一个 SOURCE：在 DIR 中生成报告项目；多个 SOURCE 或一个目录：填写汇总项目的 units/<年度>/。\n"
        "Import published reports into a report project (one source) or a region's units/<year>/ (several).",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="报告文件或目录 / report files or folders")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录 / output directory")
    p.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json"),
        default="text",
        help="导入报告的格式 / report format",
    )
    p.add_argument("--check", action="store_true", help="导入后校验数据并构建（报告原文的错误）/ validate and build")
    p.add_argument(
        "--markup", choices=("rst", "md"), default="rst", help="正文格式（md 需要 myst-parser）/ prose markup"
    )
    p.add_argument("--force", action="store_true", help="覆盖已有的文件 / overwrite existing files")
    p.add_argument("--units", action="store_true", help="即使只有一个文件也按汇总项目的单位文件写出 / unit files")
    p.set_defaults(func=cmd_import)


def _sources(paths: list[str]) -> tuple[list[Path], bool]:
    """The files to import, and whether a folder was given."""
    files: list[Path] = []
    folder = False
    for name in paths:
        path = Path(name)
        if path.is_dir():
            folder = True
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
                files += [
                    Path(dirpath, f)
                    for f in sorted(filenames)
                    if Path(f).suffix.lower() in SOURCE_SUFFIXES and not f.startswith((".", "~$"))
                ]
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"找不到文件或目录 / no such file or directory: {name}")
    if not files:
        raise UsageError("没有找到可导入的报告文件（.html .docx .pdf .txt .md）/ no report files found")
    return files, folder


def _write_files(root: Path, files: dict[str, str | bytes], force: bool) -> list[str]:
    existing = [str(root / name) for name in files if (root / name).exists()]
    if existing and not force:
        raise UsageError(
            f"文件已存在，未作任何改动（确需覆盖请加 --force）/ refusing to overwrite: {'、'.join(existing)}"
        )
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if force:
            target.write_bytes(data)
        else:
            with open(target, "xb") as fh:
                fh.write(data)
    return [str(root / name) for name in files]


def project_files(imp: object, markup: str) -> dict[str, str | bytes]:
    """The files of a report project holding one imported report."""
    from ..importer.run import Imported
    from ..importer.writer import data_yaml, index_md, index_rst
    from .new import _env, check_agency, rst_escape

    assert isinstance(imp, Imported)
    meta = imp.meta
    year = meta.year or 0
    agency = meta.agency or "（机关名称）"
    check_agency(agency)
    data_path = f"data/{year or 'report'}.yaml"
    title = imp.prose.title or f"{agency}{year or ''}年度政府信息公开工作年度报告"
    context = {
        "agency": agency,
        "agency_rst": rst_escape(agency),
        "year": year,
        "title": title,
        "copyright": f"{year + 1 if year else ''}，{agency}",
        "preamble_template": None,
        "preamble": True,
        "markup": markup,
    }
    conf = (
        _env.get_template("conf.py.jinja")
        .render(context)
        .replace("由 sphinx-gov-report new 生成", "由 sphinx-gov-report import 生成")
    )
    files: dict[str, str | bytes] = {
        "conf.py": conf,
        data_path: data_yaml(imp.extraction, meta, imp.path.name, imp.kind_name),
        f"data/{schema.SCHEMA_NAME}": schema.schema_text(),
        ("index.md" if markup == "md" else "index.rst"): (index_md if markup == "md" else index_rst)(
            imp.prose, meta, data_path
        ),
        "Makefile": _env.get_template("Makefile.jinja").render(context),
        ".gitignore": _env.get_template("gitignore.jinja").render(context),
    }
    return files


_UNIT_NAME = re.compile(r"[^\w\u4e00-\u9fff.-]+")


def unit_files(imp: object, markup: str) -> tuple[str, dict[str, str | bytes]]:
    """``units/<year>/<unit>.yaml`` and its document, for a region project."""
    from ..importer.run import Imported
    from ..importer.writer import data_yaml, index_md, index_rst

    assert isinstance(imp, Imported)
    unit = _UNIT_NAME.sub("_", imp.path.stem).strip("._") or "unit"
    year = imp.meta.year
    if not year:
        raise UsageError(f"{imp.path}：原文中没有找到报告年度，无法放入 units/<年度>/")
    folder = f"units/{year}"
    doc = (index_md if markup == "md" else index_rst)(imp.prose, imp.meta, f"{unit}.yaml")
    return folder, {
        f"{folder}/{unit}.yaml": data_yaml(imp.extraction, imp.meta, imp.path.name, imp.kind_name),
        f"{folder}/{unit}.{'md' if markup == 'md' else 'rst'}": doc,
    }


def _check(project: Path, data_files: list[Path], build: bool) -> tuple[list[str], int]:
    """Validate the imported data and (for a project) build it; the messages and the error count."""
    lines: list[str] = []
    errors = 0
    for data in data_files:
        _report, issues = validate_file(str(data), str(project), False)
        for issue in issues:
            lines.append(issue.format())
            errors += issue.level is Level.ERROR
    if build:
        from sphinx.cmd.build import build_main

        with tempfile.TemporaryDirectory() as out:
            buffer = io.StringIO()
            with redirect_stdout(io.StringIO()), redirect_stderr(buffer):
                status = build_main(["-b", "html", "-q", "-d", os.path.join(out, "doctrees"), str(project), out])
            warnings = [line for line in buffer.getvalue().splitlines() if line.strip()]
            lines += [f"构建 / build: {line}" for line in warnings]
            if status:
                errors += 1
                lines.append(f"构建失败（退出码 {status}）/ the build failed")
    return lines, errors


@contextmanager
def last_year_from_published(source: str) -> Iterator[tuple[str, list[str]]]:
    """Last year's published report imported into a temporary project: its data file, and notes."""
    from ..importer.document import ImportFailure
    from ..importer.report import as_dict
    from ..importer.run import import_source

    try:
        imp = import_source(Path(source))
    except ImportFailure as exc:
        raise UsageError(str(exc)) from None
    except Exception as exc:  # a reader's own error on a broken file
        raise UsageError(f"{source}：无法读取此文件（{type(exc).__name__}），文件可能已损坏") from None
    if not imp.meta.year:
        raise UsageError(f"{source}：原文中没有找到报告年度，请先用 import 导入并补上 year")
    report = as_dict(imp)
    unsure = len(report["uncertain"]) + len(report["rows_missing"])
    notes = [f"上一年度报告由「{source}」导入（{imp.kind_name}，{imp.format_name}）"]
    if unsure or report["label_differences"]:
        notes.append(
            f"注意：导入时有 {unsure} 处数字存疑或缺失、{len(report['label_differences'])} 处栏目名称与格式不同，"
            "请核对 previous/ 中的数据（用 sphinx-gov-report import 查看导入报告）"
        )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = project_files(imp, "rst")
        _write_files(root, files, False)
        yield (
            str(root / next(n for n in files if n.endswith(".yaml") and n.startswith("data/") and "schema" not in n)),
            notes,
        )


def cmd_import(args: argparse.Namespace) -> int:
    from ..importer.document import ImportFailure
    from ..importer.report import as_dict, as_text
    from ..importer.run import import_source

    files, folder = _sources(args.sources)
    root = Path(args.output)
    units = args.units or folder or len(files) > 1
    results: list[dict[str, object]] = []
    failures = 0
    published_errors = 0
    written_data: list[Path] = []
    for path in files:
        try:
            imp = import_source(path)
        except Exception as exc:  # an ImportFailure, or a reader's own error on a broken file
            if not isinstance(exc, ImportFailure):
                exc = ImportFailure(f"{path}：无法读取此文件（{type(exc).__name__}），文件可能已损坏")
            failures += 1
            results.append({"source": str(path), "error": str(exc)})
            if not units:
                raise UsageError(str(exc)) from None
            print(f"✗ {path}：导入失败：{exc}", file=sys.stderr)
            continue
        if units:
            try:
                folder_name, files_out = unit_files(imp, args.markup)
                existing = [n for n in files_out if (root / n).exists()]
                if existing and not args.force:
                    failures += 1
                    results.append({"source": str(path), "error": "已存在，未覆盖"})
                    print(f"✗ {path}：{root / existing[0]} 已存在，未覆盖（用 --force 覆盖）", file=sys.stderr)
                    continue
                files_out[f"{folder_name}/{Path(next(iter(files_out))).stem}.import-report.txt"] = as_text(imp)
                written = _write_files(root, files_out, args.force)
            except UsageError as exc:
                failures += 1
                results.append({"source": str(path), "error": str(exc)})
                print(f"✗ {path}：{exc}", file=sys.stderr)
                continue
        else:
            files_out = project_files(imp, args.markup)
            files_out["import-report.txt"] = ""  # written below, once the checks have run
            written = _write_files(root, files_out, args.force)
        data = next(Path(w) for w in written if w.endswith(".yaml"))
        written_data.append(data)
        record = as_dict(imp, written)
        if args.check:
            lines, errors = _check(root, [data], build=not units)
            record["check"] = lines
            record["check_errors"] = errors
            published_errors += errors
        results.append(record)
        if units:
            ex = imp.extraction
            unsure = len(ex.uncertain) + len(record["rows_missing"])
            print(
                f"✓ {path} → {data}：{imp.meta.agency or '（机关未知）'} {imp.meta.year}年，{imp.format_name}；"
                f"读到 {record['cells_read']} 格，存疑 {unsure} 处，栏目名称不同 {len(ex.label_diffs)} 处"
                + (f"，校验发现 {record.get('check_errors', 0)} 个错误" if args.check else ""),
                file=sys.stderr if args.output_format == "json" else sys.stdout,
            )
        else:
            text = as_text(imp, written)
            if args.check:
                text += f"  校验与构建（{record['check_errors']} 个错误）：\n" + "".join(
                    f"    {line}\n" for line in record["check"]
                )
            (root / "import-report.txt").write_text(text, encoding="utf-8")  # created above, in this run
            if args.output_format == "text":
                sys.stdout.write(text)
    if args.output_format == "json":
        doc = {"imported": len(files) - failures, "failed": failures, "reports": results}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
    if units:
        print(
            f"共 {len(files)} 个文件：导入 {len(files) - failures} 个，失败 {failures} 个"
            + (f"；校验发现 {published_errors} 个错误" if args.check else "")
            + f" / {len(files) - failures} imported, {failures} failed",
            file=sys.stderr if args.output_format == "json" else sys.stdout,
        )
    if failures:
        return 2
    return 1 if published_errors else 0
