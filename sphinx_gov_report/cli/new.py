"""``sphinx-gov-report new``: a ready-to-build report project, optionally carried over from last year's.

The files come from the Jinja2 templates in ``project_template/``; the data
file's rows and their Chinese comments are generated from
:mod:`sphinx_gov_report.template`.  Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docutils.utils import column_width
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core import schema, statute
from ..core.diagnostics import Issue, Level
from ..core.model import Number, Report
from ..core.reader import CONTACT_KEYS, CONTACT_LABELS
from ..core.rules import validate_file
from ..core.statute import Column, FormatSpec, Key
from .common import SKIP_DIRS, UsageError

TEMPLATES = Path(__file__).parent / "project_template"
_DIRECTIVE = re.compile(r"^\.\.\s+gov-report::\s*(\S.*?)\s*$", re.MULTILINE)
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


#: Unicode categories refused in an agency name: control and format characters, line and paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def check_agency(agency: str) -> None:
    """Refuse an agency name that is markup or contains invisible/control characters.

    The name goes into conf.py (``project``, ``html_title``), the title of
    index.rst and comments of the data file; themes print ``html_title`` as HTML.
    """
    bad = sorted({c for c in agency if c in "<>" or unicodedata.category(c) in _REFUSED_CATEGORIES})
    if bad:
        shown = "、".join(c if c in "<>" else f"U+{ord(c):04X}" for c in bad)
        name = "".join(c if c in "<>" or c not in bad else f"\\u{ord(c):04x}" for c in agency)
        raise UsageError(
            f"机关名称「{name}」含有不允许的字符（{shown}）：机关名称不能含尖括号 < >、控制字符或不可见字符"
            " / the agency name must not contain <, > or control characters"
        )


def rst_escape(text: str) -> str:
    return re.sub(r"([\\`*_|])", r"\\\1", text)


_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,
)
_env.filters["pyrepr"] = repr
_env.filters["yaml"] = yaml_str


# -- last year's report ------------------------------------------------------
@dataclass
class LastYear:
    data: Path
    report: Report
    text: Path | None = None
    project: Path | None = None
    conf: dict[str, object] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)  #: rule errors in last year's data


def _rst_files(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS | {"previous"})
        for name in sorted(filenames):
            if name.endswith(".rst"):
                yield Path(dirpath, name)


def _documents(root: Path) -> dict[Path, Path]:
    """Report data file → the document naming it, for the documents under ``root``."""
    found: dict[Path, Path] = {}
    for rst in _rst_files(root):
        try:
            text = rst.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for match in _DIRECTIVE.finditer(text):
            arg = match.group(1)
            target = root / arg.lstrip("/") if arg.startswith("/") else rst.parent / arg
            found.setdefault(Path(os.path.normpath(target)), rst)
    return found


def _conf_values(conf: Path) -> dict[str, object]:
    """Literal assignments of ``conf.py`` (read, never executed)."""
    values: dict[str, object] = {}
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8-sig"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return values
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def find_last_year(source: str) -> LastYear:
    """Last year's data file, document and project from a project directory or a data file."""
    path = Path(source)
    if path.is_dir():
        docs = _documents(path)
        if not docs:
            raise UsageError(f"{source} 中没有找到使用 gov-report 指令的文档 / no report document found")
        if len(docs) > 1:
            names = "、".join(str(p) for p in docs)
            raise UsageError(f"{source} 中有多份报告（{names}），请用 --from 直接指定其中一个 YAML 文件")
        data, text = next(iter(docs.items()))
        project: Path | None = path
    elif path.is_file():
        data, text, project = Path(os.path.normpath(path)), None, None
        for parent in list(path.resolve().parents)[:3]:
            if (parent / "conf.py").exists():
                project = parent
                text = _documents(parent).get(data.resolve()) or _documents(parent).get(data)
                break
    else:
        raise UsageError(f"找不到上一年度报告 / no such file or directory: {source}")
    if not data.is_file():
        raise UsageError(f"上一年度报告的数据文件不存在 / data file missing: {data}")
    report, issues = validate_file(str(data), None, True)
    if report is None:
        details = "；".join(i.format() for i in issues)
        raise UsageError(f"无法读取上一年度报告数据 / cannot read last year's data: {details}")
    conf = _conf_values(project / "conf.py") if project and (project / "conf.py").exists() else {}
    return LastYear(data, report, text, project, conf, [i for i in issues if i.level is Level.ERROR])


# -- the data file -----------------------------------------------------------
def _numbers(values: list[Number]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _row_value(values: dict[Key, Number], prefix: Key, columns: tuple[Column, ...]) -> str:
    nums = [values.get((*prefix, c.key), 0) for c in columns]
    return str(nums[0]) if len(nums) == 1 else _numbers(nums)


def _align(lines: list[tuple[str, str]]) -> list[str]:
    width = max(column_width(code) for code, _ in lines if code) + 2
    return [
        (f"{code}{' ' * (width - column_width(code))}# {comment}" if comment else code) if code else comment
        for code, comment in lines
    ]


def meta_lines(spec: FormatSpec, agency: str, year: int, website: dict[str, str], contact: list) -> str:
    """The metadata part of the data file, each key explained in a comment."""
    out: list[tuple[str, str]] = [
        (f'format: "{spec.version}"', f"格式版本：{spec.name}"),
        (f"agency: {yaml_str(agency)}", "机关名称"),
        (f"year: {year}", "年度"),
        ("# period:", "统计期限（默认为当年1月1日至12月31日）"),
        (f"#   start: {year}-01-01", "起"),
        (f"#   end: {year}-12-31", "止"),
        ("website:", "本报告电子版的下载网站"),
        (f"  name: {yaml_str(website['name'])}", "网站名称"),
        (f"  url: {yaml_str(website['url'])}", "网址"),
        ("contact:", "联系方式（如对本报告有疑问）"),
        *((f"  {key}: {yaml_str(value)}", label) for key, label, value in contact),
    ]
    return "\n".join(_align(out)) + "\n"


def table_lines(spec: FormatSpec, values: dict[Key, Number]) -> str:
    """The YAML of tables 二, 三, 四 with every row labelled in Chinese comments, in official order."""
    out: list[tuple[str, str]] = [("", f"# {statute.HEADINGS[1]}"), ("active:", "")]
    for block in spec.active:
        cols = "、".join(c.labels[-1] for c in block.columns)
        out.append(("", f"  # {block.title}（依次为：{cols}）"))
        for row in block.rows:
            out.append((f"  {row.key[0]}: {_row_value(values, ('active', *row.key), block.columns)}", row.labels[-1]))
    for name, rows, columns in (
        ("applications", spec.applications_rows, spec.applications_columns),
        ("appeals", spec.appeals_rows, spec.appeals_columns),
    ):
        heading = statute.TABLE_TITLES[next(k for k, v in statute.TABLE_KEYS.items() if v == name)]
        parts = columns[:-1]
        cols = "、".join(c.labels[-1] for c in parts)
        out += [("", ""), ("", f"# {heading}"), ("", f"# 每行依次为：{cols}；总计可省略（自动计算）"), (f"{name}:", "")]
        opened: tuple[str, ...] = ()
        for row in rows:
            groups = row.key[:-1]
            for depth in range(len(groups)):
                if groups[: depth + 1] != opened[: depth + 1]:
                    out.append((f"{'  ' * (depth + 1)}{groups[depth]}:", row.labels[depth]))
            opened = groups
            indent = "  " * (len(groups) + 1)
            code = f"{indent}{row.key[-1]}: {_row_value(values, (name, *row.key), parts)}"
            label = " / ".join(row.labels[len(groups) :]) if name == "applications" else " / ".join(row.labels)
            if row.key == ("results", "total"):
                out.append((f"{indent}# total: {_row_value({}, (), parts)}", f"{label}（自动计算，可省略）"))
            else:
                out.append((code, label))
    return "\n".join(_align(out)) + "\n"


# -- the project -------------------------------------------------------------
def _relocated(text: str, last: LastYear) -> str:
    """Last year's data as copied into ``previous/``: its own ``previous`` link commented out."""
    text = _MODELINE.sub(f"# yaml-language-server: $schema=../data/{schema.SCHEMA_NAME}", text)
    line = last.report.lines.get("previous")
    lines = text.splitlines(keepends=True)
    if line and lines[line - 1].startswith("previous:"):
        end = line
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "#")):
            end += 1
        note = "# （以下为上一年度报告对其上一年度的链接，复制到本项目后已停用）\n"
        lines[line - 1 : end] = [note, *("# " + x if x.strip() else x for x in lines[line - 1 : end])]
    return "".join(lines)


def plan(args: argparse.Namespace, last: LastYear | None) -> dict[str, str | bytes]:
    """Every file of the new project (relative path → content), before anything is written."""
    prev = last.report if last else None
    agency = args.agency or (prev.agency if prev else None)
    if not agency:
        raise UsageError("请用 --agency 指定机关名称（或用 --from 沿用上一年度报告）/ --agency is required")
    check_agency(agency)
    year = args.year or (prev.year + 1 if prev and prev.year else dt.date.today().year - 1)
    fmt = args.fmt or statute.expected_format(year)
    if fmt != statute.expected_format(year):
        raise UsageError(f"{year}年度报告应使用 {statute.expected_format(year)} 格式，而不是 {fmt}")
    spec = statute.FORMATS[fmt]
    website = {
        "name": args.website_name or (prev.website_name if prev else ""),
        "url": args.website_url or (prev.website_url if prev else ""),
    }
    contact = [
        (k, CONTACT_LABELS[k], getattr(args, f"contact_{k}") or (getattr(prev.contact, k) if prev else ""))
        for k in CONTACT_KEYS
    ]
    values: dict[Key, Number] = {}
    carried: list[str] = []
    files: dict[str, str | bytes] = {}
    previous_data = previous_text = None
    if last is not None and prev is not None:
        for column in spec.applications_columns[:-1]:
            pending = prev.value(("applications", "carried_forward", column.key))
            values[("applications", "carried_over", column.key)] = pending
            values[("applications", "carried_forward", column.key)] = pending
        carried.append(
            "表三“二、上年结转”（= 上一年度“四、结转下年度继续办理”；"
            "“四、结转下年度继续办理”暂填同样的数字以满足勾稽关系，请按本年办理情况更新）"
        )
        if prev.format == fmt == "2021":
            for row in ("regulations", "normative_documents"):
                values[("active", row, "in_force")] = prev.value(("active", row, "in_force"))
            carried.append("表二“现行有效件数”（上一年度的数字，请按本年制发、废止情况更新）")
        name = last.data.name
        files[f"previous/{name}"] = _relocated(last.data.read_text(encoding="utf-8-sig"), last)
        previous_data = f"../previous/{name}"
        if last.text is not None:
            files[f"previous/{last.text.name}"] = last.text.read_text(encoding="utf-8-sig")
            previous_text = f"../previous/{last.text.name}"
    title = f"{agency}{year}年度政府信息公开工作年度报告"
    preamble_template = None
    if last is not None and last.project is not None:
        name = last.conf.get("gov_report_preamble_template")
        if isinstance(name, str) and (last.project / name).is_file():
            preamble_template = name
            files[name] = (last.project / name).read_text(encoding="utf-8-sig")
    data_path = f"data/{year}.yaml"
    context = {
        "agency": agency,
        "agency_rst": rst_escape(agency),
        "year": year,
        "format": fmt,
        "format_name": spec.name,
        "title": title,
        "title_rst": rst_escape(title),
        "rule": "=" * (column_width(rst_escape(title)) + 2),
        "copyright": f"{year + 1}，{agency}",
        "data_path": data_path,
        "data_dir": "data",
        "schema_path": schema.SCHEMA_NAME,
        "website": website,
        "contact": contact,
        "meta": meta_lines(spec, agency, year, website, contact),
        "tables": table_lines(spec, values),
        "carried": "；".join(carried),
        "previous_data": previous_data,
        "previous_text": previous_text,
        "preamble_template": preamble_template,
        "preamble": last.conf.get("gov_report_preamble", True) if last else True,
    }
    files.update(
        {
            "conf.py": _env.get_template("conf.py.jinja").render(context),
            "index.rst": _env.get_template("index.rst.jinja").render(context),
            data_path: _env.get_template("data.yaml.jinja").render(context),
            f"data/{schema.SCHEMA_NAME}": schema.schema_text(),
            "Makefile": _env.get_template("Makefile.jinja").render(context),
            "make.bat": _env.get_template("make.bat.jinja").render(context).replace("\n", "\r\n").encode("ascii"),
            ".gitignore": _env.get_template("gitignore.jinja").render(context),
        }
    )
    return files


def plan_region(args: argparse.Namespace) -> dict[str, str | bytes]:
    """A region project (``new --region``): conf.py, index, a sample unit, the registry and the 汇总."""
    name = args.region.strip()
    check_agency(name)
    if not name:
        raise UsageError("请用 --region 指定地区名称，如“某某县” / --region needs a name")
    if args.source:
        raise UsageError("--region 不能与 --from 同时使用 / --region cannot be combined with --from")
    year = args.year or dt.date.today().year - 1
    fmt = args.fmt or statute.expected_format(year)
    spec = statute.FORMATS[fmt]
    level = name[-1] if name[-1] in "县区市省旗州盟" else "地区"
    unit = "示例部门"
    agency = args.agency or f"{name}{unit}"
    website = {"name": args.website_name or "", "url": args.website_url or ""}
    contact = [(k, CONTACT_LABELS[k], getattr(args, f"contact_{k}") or "") for k in CONTACT_KEYS]
    title = f"{name}政府信息公开工作年度报告"
    unit_title = f"{agency}{year}年度政府信息公开工作年度报告"
    summary_title = f"{name}{year}年度政府信息公开工作年度报告（汇总）"
    context = {
        "region": name,
        "region_rst": rst_escape(name),
        "level": level,
        "year": year,
        "unit": unit,
        "agency": agency,
        "agency_rst": rst_escape(agency),
        "format": fmt,
        "format_name": spec.name,
        "title": unit_title,
        "title_rst": rst_escape(unit_title),
        "rule": "=" * (column_width(rst_escape(unit_title)) + 2),
        "copyright": f"{year + 1}，{name}",
        "data_path": f"{unit}.yaml",
        "data_dir": f"units/{year}",
        "schema_path": f"../{schema.SCHEMA_NAME}",
        "website": website,
        "contact": contact,
        "meta": meta_lines(spec, agency, year, website, contact),
        "tables": table_lines(spec, {}),
        "carried": "",
        "previous_data": None,
        "previous_text": None,
        "preamble_template": None,
        "preamble": True,
        "summary_title_rst": rst_escape(summary_title),
        "summary_rule": "=" * (column_width(rst_escape(summary_title)) + 2),
    }
    top = dict(context, title_rst=rst_escape(title), rule="=" * (column_width(rst_escape(title)) + 2))
    return {
        "conf.py": _env.get_template("region/conf.py.jinja").render(context),
        "index.rst": _env.get_template("region/index.rst.jinja").render(top),
        "units.yaml": _env.get_template("region/units.yaml.jinja").render(context),
        f"units/{schema.SCHEMA_NAME}": schema.schema_text(),
        f"units/{year}/{unit}.yaml": _env.get_template("data.yaml.jinja").render(context),
        f"units/{year}/{unit}.rst": _env.get_template("index.rst.jinja").render(context),
        f"summary/{year}.yaml": _env.get_template("region/summary.yaml.jinja").render(context),
        f"summary/{year}.rst": _env.get_template("region/summary.rst.jinja").render(context),
        "Makefile": _env.get_template("region/Makefile.jinja").render(context),
        "make.bat": _env.get_template("make.bat.jinja").render(context).replace("\n", "\r\n").encode("ascii"),
        ".gitignore": _env.get_template("region/gitignore.jinja").render(context),
    }


def create(args: argparse.Namespace) -> list[str]:
    """Write the project; refuses (naming the files) if any of them exists.  Returns messages."""
    root = Path(args.directory)
    if getattr(args, "region", None) is not None:
        files = plan_region(args)
        last = None
    else:
        last = find_last_year(args.source) if args.source else None
        files = plan(args, last)
    existing = [str(root / name) for name in files if (root / name).exists()]
    if existing:
        raise UsageError(f"文件已存在，未作任何改动 / refusing to overwrite: {'、'.join(existing)}")
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as fh:
            fh.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    messages = [f"已创建报告项目 / created: {root}", *(f"  {name}" for name in files)]
    if last is not None:
        messages.append(f"已从上一年度报告结转 / carried over from: {last.data}")
        if last.errors:
            messages.append(
                f"注意：上一年度报告数据有 {len(last.errors)} 个错误，结转的数字请核对 / last year's data has errors:"
            )
            messages += [f"  {issue.format()}" for issue in last.errors]
    if getattr(args, "region", None) is not None:
        messages.append(
            f"下一步 / next: 把各单位的 <单位>.yaml、<单位>.rst 放入 {root / 'units'} 下的年度目录，然后运行 make html"
        )
    else:
        messages.append(f"下一步 / next: 填写 {root / 'data'}，然后在 {root} 中运行 make html")
    return messages
