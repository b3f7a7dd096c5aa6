"""The ``sphinx-gov-report`` command: validate, new, schema, export.

Exit codes: 0 clean (notices allowed), 1 rule errors in the data (for
``export --skip-invalid``: some files were left out), 2 usage or input errors
(unknown option, missing path, no data file found, refusing to overwrite).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .. import __version__
from ..core import deadlines, export, policy, schema
from ..core.diagnostics import Issue, Level
from ..core.model import Report
from ..core.paths import Context, PathPolicy
from ..core.rules import validate_file
from . import discover
from .common import UsageError
from .output import check_output

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
#: Directories never searched for data files.
#: A progress bar is shown (on a terminal, outside CI) from this many files on.
PROGRESS_MIN = 20


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法 / usage: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(**kwargs)
        self._positionals.title = "参数 / arguments"
        self._optionals.title = "选项 / options"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出 / show this help and exit")

    def error(self, message: str) -> NoReturn:
        """A usage error: a Chinese explanation first, then argparse's own (English) message; exit code 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 错误：{usage_message_zh(message)}\n{self.prog}: error: {message}\n")


#: argparse's messages (Python 3.10–3.13 wording) and their Chinese explanation.
_USAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^the following arguments are required: (?P<x>.+)$", "缺少必需的参数：{x}"),
        (r"^unrecognized arguments: (?P<x>.+)$", "无法识别的参数：{x}（用 --help 查看可用的选项）"),
        (
            r"^argument (?P<arg>.+?): invalid choice: (?P<x>.+?) \(choose from (?P<choices>.+)\)$",
            "参数 {arg} 的值 {x} 无效，可选：{choices}",
        ),
        (r"^argument (?P<arg>.+?): invalid int value: (?P<x>.+)$", "参数 {arg} 应为整数，而不是 {x}"),
        (r"^argument (?P<arg>.+?): expected one argument$", "参数 {arg} 后面需要一个值"),
        (r"^ambiguous option: (?P<x>\S+) could match (?P<choices>.+)$", "选项 {x} 有歧义，可能是：{choices}"),
    )
)


def usage_message_zh(message: str) -> str:
    """The Chinese explanation of one of argparse's usage error messages."""
    for pattern, zh in _USAGE_MESSAGES:
        match = pattern.match(message)
        if match:
            return zh.format(**{k: v.replace("命令 / command", "命令") for k, v in match.groupdict().items()})
    return "命令行参数有误（用 --help 查看用法）"


DESCRIPTION = """\
政府信息公开工作年度报告：校验数据、新建下一年度报告、导出开放数据。
Government information disclosure annual reports: validate data, start next year's report, export open data.

退出码 / exit codes:  0 无错误 / clean (notices allowed)
                      1 数据有错误 / rule errors in the data
                      2 用法或输入错误 / usage or input errors
"""


FORCE_HELP = (
    "覆盖已存在的输出文件（输入的数据文件和 .yaml/.yml 文件仍然不会被覆盖）"
    "/ overwrite an existing output file (never an input or a .yaml/.yml file)"
)


def _add_exclude(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="GLOB",
        help="在目录中查找时跳过与之匹配的文件或目录（可重复；previous/、_build、隐藏文件已默认跳过）"
        "/ skip matching files or folders (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sphinx-gov-report", description=DESCRIPTION)
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="显示版本 / show version"
    )
    subs = parser.add_subparsers(dest="command", metavar="命令 / command", parser_class=_Parser)
    subs.required = True

    v = subs.add_parser(
        "validate",
        help="校验报告数据文件 / validate report data files",
        description="用与构建相同的读取方式和数据规则校验 YAML 数据文件（无需 Sphinx 项目）：\n"
        "总计、勾稽关系、表四、格式版本，以及经数据文件 previous: 的跨年度核对；\n"
        "不检查正文（标题、篇幅、信息处理费说明、重复率、正文数字），不读取 conf.py。\n"
        "Check YAML data files with the build's loading and data rules (no Sphinx project needed);\n"
        "the checks of the .rst text are not run and conf.py is not read.",
    )
    v.add_argument(
        "paths", nargs="+", metavar="PATH", help="数据文件或目录（递归查找 *.yaml、*.yml）/ files or directories"
    )
    v.add_argument(
        "--format",
        dest="output",
        choices=("text", "json"),
        default="text",
        help="输出格式：text（file:line:col: level subtype: message）或 json / output format",
    )
    v.add_argument(
        "--root",
        metavar="DIR",
        help="只允许读取此目录内的上一年度报告（与构建时的源目录规则相同）/ confine linked files to DIR, like the build",
    )
    _add_exclude(v)
    v.add_argument("--no-progress", action="store_true", help="不显示进度条 / never show a progress bar")
    v.set_defaults(func=cmd_validate)

    n = subs.add_parser(
        "new",
        help="新建报告项目 / create a report project",
        description="新建一个可以直接构建的年度报告项目（不会覆盖已有文件）。\n"
        "Create a ready-to-build report project (never overwrites a file).",
    )
    n.add_argument("directory", metavar="DIR", help="项目目录 / project directory")
    n.add_argument("--agency", help="机关名称 / agency name")
    n.add_argument(
        "--region",
        metavar="NAME",
        help="新建地区项目（如“某某县”）：汇集各单位的报告、汇总、报送情况 / create a region project",
    )
    n.add_argument("--year", type=int, help="报告年度（默认：上一年，或 --from 的下一年）/ report year")
    n.add_argument("--format", dest="fmt", choices=("2021", "2019"), help="格式版本（默认按年度）/ format version")
    n.add_argument("--website-name", help="网站名称 / website name")
    n.add_argument("--website-url", help="网址 / website URL")
    n.add_argument("--contact-organization", help="联系机构 / contact office")
    n.add_argument("--contact-address", help="联系地址 / address")
    n.add_argument("--contact-postcode", help="邮编 / postcode")
    n.add_argument("--contact-phone", help="电话 / phone")
    n.add_argument("--contact-fax", help="传真 / fax")
    n.add_argument("--contact-email", help="电子邮箱 / e-mail")
    n.add_argument(
        "--from",
        dest="source",
        metavar="LAST_YEAR",
        help="上一年度的报告项目目录或 YAML 数据文件，沿用其元数据并结转数字 / last year's project or data file",
    )
    n.add_argument(
        "--from-published",
        dest="published",
        metavar="SOURCE",
        help="上一年度已发布的报告（HTML/Word/PDF/文本），导入后作为上一年度报告 / last year's published report",
    )
    n.add_argument(
        "--markup",
        choices=("rst", "md"),
        help="正文格式：rst（reStructuredText，默认；用 --from 时沿用上一年度的格式）"
        "或 md（MyST Markdown，需安装 myst-parser）/ text markup",
    )
    n.set_defaults(func=cmd_new)

    s = subs.add_parser(
        "schema",
        help="输出数据文件的 JSON Schema / print the JSON Schema",
        description="输出报告数据文件的 JSON Schema（供编辑器补全）。\nPrint the JSON Schema of the data file.",
    )
    s.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出 / write to FILE")
    s.add_argument("--force", action="store_true", help=FORCE_HELP)
    s.set_defaults(func=cmd_schema)

    e = subs.add_parser(
        "export",
        help="导出报告数据（JSON/CSV）/ export report data",
        description="导出报告数据（含自动计算的总计），每份报告一条记录。\n"
        "Export the data with computed totals, one record per report.",
    )
    e.add_argument("paths", nargs="+", metavar="PATH", help="数据文件或目录 / files or directories")
    e.add_argument("--to", choices=("json", "csv"), required=True, help="导出格式 / output format")
    e.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出 / write to FILE")
    _add_exclude(e)
    e.add_argument("--root", metavar="DIR", help="同 validate --root / as validate --root")
    e.add_argument("--force", action="store_true", help=FORCE_HELP)
    e.add_argument(
        "--skip-invalid",
        action="store_true",
        help="跳过有错误的文件，导出其余的（错误列在标准错误输出，退出码 1）"
        "/ export the valid files, list the others' errors on stderr, exit 1",
    )
    e.add_argument(
        "--excel",
        action="store_true",
        help="CSV 以带 BOM 的 UTF-8 写出，中文版 Excel 双击打开不乱码（仅用于 --to csv）"
        "/ write CSV as UTF-8 with a BOM for Excel",
    )
    e.set_defaults(func=cmd_export)

    from .importcmd import add_parser as add_import

    add_import(subs)

    a = subs.add_parser(
        "aggregate",
        help="汇总各单位的报告数据 / sum units' reports into a summary data file",
        description="把各单位的报告数据逐项相加，写出汇总报告的数据文件（与地区项目构建时的汇总相同）。\n"
        "输入可以是 YAML 数据文件、其所在目录，或 export 导出的 JSON 文件（包括其他网站的 _gov_report/*.json）。\n"
        "Sum unit reports (YAML files, folders, or JSON exports) into a summary data file.",
    )
    a.add_argument(
        "paths", nargs="+", metavar="PATH", help="数据文件、目录或 JSON 导出文件 / files, folders, JSON exports"
    )
    a.add_argument("-o", "--output", metavar="FILE", help="写入文件（不覆盖已有文件）而不是标准输出 / write to FILE")
    a.add_argument("--agency", help="汇总报告的机关名称，如“某某县人民政府” / agency of the summary")
    a.add_argument("--year", type=int, help="年度（默认取各单位报告的年度）/ year")
    a.set_defaults(func=cmd_aggregate)
    return parser


# -- helpers -----------------------------------------------------------------
def find_data_files(paths: Iterable[str], exclude: Sequence[str] = ()) -> list[str]:
    """The report data files named or found under ``paths`` (see :mod:`.discover`)."""
    found = discover.find(paths, exclude)
    if found.not_reports:
        names = "、".join(found.not_reports[:5]) + ("等" if len(found.not_reports) > 5 else "")
        print(
            f"已跳过 {len(found.not_reports)} 个不是报告数据的 YAML 文件（没有 format、agency 或 year）：{names}"
            " / skipped YAML files that are not report data",
            file=sys.stderr,
        )
    return found.files


def _show_progress(stream: TextIO, count: int, disabled: bool) -> bool:
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
    return not disabled and not ci and count >= PROGRESS_MIN and stream.isatty()


def _progress(stream: TextIO, done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    stream.write(f"\r校验中 {done}/{total} [{'#' * filled}{'.' * (width - filled)}]")
    if done == total:
        stream.write("\r" + " " * (width + 30) + "\r")
    stream.flush()


def check_files(files: Sequence[str], root: str | None, progress: bool) -> list[tuple[str, Report | None, list[Issue]]]:
    """Validate each file with the build's rules."""
    results = []
    for i, path in enumerate(files, 1):
        report, issues = validate_file(path, policy=PathPolicy(root, root is None, Context.CLI))
        if report is not None:  # as the build: deadlines, acknowledged exceptions
            issues += deadlines.check_deadline(report, deadlines.build_date())
            issues, _acknowledged = policy.acknowledge(report, issues)
        results.append((path, report, issues))
        if progress:
            _progress(sys.stderr, i, len(files))
    return results


def _write(text: str, output: str | None, bom: bool = False) -> None:
    """Write UTF-8 text (with a byte order mark if ``bom``) to ``output`` or standard output."""
    data = ("\ufeff" if bom else "") + text
    if output:
        Path(output).write_text(data, encoding="utf-8", newline="")
    else:
        sys.stdout.write(data)


# -- subcommands -------------------------------------------------------------
def cmd_validate(args: argparse.Namespace) -> int:
    files = find_data_files(args.paths, args.exclude or ())
    progress = _show_progress(sys.stderr, len(files), args.no_progress)
    results = check_files(files, args.root, progress)
    issues = [issue for _p, _r, found in results for issue in found]
    errors = sum(issue.level is Level.ERROR for issue in issues)
    notices = len(issues) - errors
    if args.output == "json":
        files_out = [
            {
                "path": path,
                "agency": report.agency if report else None,
                "year": report.year if report else None,
                "format": report.format if report else None,
                "errors": sum(i.level is Level.ERROR for i in found),
                "notices": sum(i.level is Level.NOTICE for i in found),
            }
            for path, report, found in results
        ]
        doc = {"files": files_out, "issues": [i.as_dict() for i in issues], "errors": errors, "notices": notices}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        for issue in issues:
            print(issue.format())
        print(f"已校验 {len(files)} 个文件：{errors} 个错误，{notices} 个提示", file=sys.stderr)
    return EXIT_ERRORS if errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.output:
        check_output(args.output, [], args.force)
    _write(schema.schema_text(), args.output)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.excel and args.to != "csv":
        raise UsageError("--excel 只用于 --to csv / --excel applies to CSV only")
    files = find_data_files(args.paths, args.exclude or ())
    if args.output:
        check_output(args.output, files, args.force)
    records = []
    skipped: list[str] = []
    for path, report, issues in check_files(files, args.root, False):
        errors = [issue for issue in issues if issue.level is Level.ERROR]
        for issue in errors:
            print(issue.format(), file=sys.stderr)
        if errors or report is None:
            skipped.append(path)
        else:
            records.append(export.record(report, Path(path).as_posix()))
    if skipped and not args.skip_invalid:
        print(
            f"{len(skipped)} 个文件有错误，未导出任何数据（可用 --skip-invalid 只导出没有错误的文件）"
            " / the data has errors; nothing exported",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    _write(export.to_json(records) if args.to == "json" else export.to_csv(records), args.output, args.excel)
    if skipped:
        print(
            f"已导出 {len(records)} 份报告，跳过 {len(skipped)} 个有错误的文件：{'、'.join(skipped)}"
            f" / exported {len(records)}, skipped {len(skipped)} files with errors",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    return EXIT_OK


def cmd_aggregate(args: argparse.Namespace) -> int:
    from .aggregate import cmd_aggregate as run

    return run(args)


def cmd_new(args: argparse.Namespace) -> int:
    from .new import create

    for line in create(args):
        print(line, file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"sphinx-gov-report: 错误 / error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # e.g. an output file in a folder that does not exist
        where = f"「{exc.filename}」" if exc.filename else ""
        print(f"sphinx-gov-report: 错误 / error: 无法读写文件{where}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
