"""The legal preamble: a Jinja2 template filled from the report's metadata.

The output is plain text; paragraphs are separated by blank lines and lines
within a paragraph are joined without spaces (Chinese text).  It is never
parsed as markup, so metadata cannot inject reST, HTML or LaTeX.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .diagnostics import Issue, Subtype, error
from .model import Report, format_date, format_number
from .reader import CONTACT_KEYS, CONTACT_LABELS

DEFAULT_TEMPLATE = """\
本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{{ notice }}要求编制，
全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、
政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。
本报告中所列数据的统计期限自{{ period_start }}起至{{ period_end }}止。
{% if website.name and website.url %}
本报告的电子版可在{{ website.name }}（{{ website.url }}）下载。
{% elif website.name or website.url %}
本报告的电子版可在{{ website.name or website.url }}下载。
{% endif %}
{% if contact.organization %}
如对本报告有疑问，请与{{ contact.organization }}联系{% if contact_details %}（{{ contact_details }}）{% endif %}。
{% endif %}
"""

_env = ImmutableSandboxedEnvironment(
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
)


@lru_cache(maxsize=32)
def _compile(source: str) -> Template:
    """The compiled template (compiling costs far more than rendering)."""
    return _env.from_string(source)


def context(report: Report) -> dict[str, object]:
    """The variables a preamble template can use."""
    contact = {key: getattr(report.contact, key) for key in CONTACT_KEYS}
    details = "，".join(
        f"{CONTACT_LABELS[key]}：{value}" for key, value in contact.items() if value and key != "organization"
    )
    return {
        "agency": report.agency,
        "year": report.year,
        "format": report.format,
        "format_name": report.spec.name,
        "notice": report.spec.notice,
        "period_start": format_date(report.period_start) if report.period_start else "",
        "period_end": format_date(report.period_end) if report.period_end else "",
        "website": {"name": report.website_name, "url": report.website_url},
        "contact": contact,
        "contact_details": details,
        "processing_fee": format_number(report.processing_fee) if report.processing_fee is not None else "",
        "headings": list(report.spec.headings),
    }


def render(report: Report, source: str | None, template_path: str) -> tuple[list[str], list[Issue]]:
    """Paragraphs of the preamble; ``source`` is a template text (``None``: the default)."""
    text = DEFAULT_TEMPLATE if source is None else source
    variables = context(report)  # outside the try: a defect here is ours, not the template's
    try:
        template = _compile(text)
    except TemplateSyntaxError as exc:
        return [], [error(Subtype.PREAMBLE, f"前言模板语法错误：{exc.message}", template_path, exc.lineno)]
    try:
        output = template.render(variables)
    except TemplateError as exc:
        return [], [error(Subtype.PREAMBLE, f"前言模板无法生成：{exc}", template_path, 1)]
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        # Errors raised while evaluating the template's own expressions (e.g. ``{{ year / 0 }}``).
        return [], [error(Subtype.PREAMBLE, f"前言模板无法生成：{type(exc).__name__}: {exc}", template_path, 1)]
    paragraphs = []
    for block in output.replace("\r\n", "\n").split("\n\n"):
        joined = "".join(line.strip() for line in block.splitlines())
        if joined:
            paragraphs.append(joined)
    return paragraphs, []
