"""The ``gov_report_*`` configuration values: registration, validation, and the validated settings.

:func:`register` adds every value with its rebuild kind.  At ``config-inited``
:func:`check` validates each one by type and range and warns, in Chinese and
located in ``conf.py``, about a value it cannot use; that value then counts as
its default.  The configuration itself is never changed.  Code reads the values
only through :func:`settings`, e.g. ``gov_report_allow_outside_srcdir = "False"``
(a string) counts as ``False`` there, never as ``bool("False")``.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.characters import unsafe_characters
from ..core.diagnostics import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SUBTYPE = Subtype.CONFIG.value
#: Body fonts of the PDF (see :mod:`.latex_config`).
BODY_FONTS = ("song", "fangsong")
#: Font roles of ``gov_report_latex_fonts`` (see :data:`.latex_config.FONT_CANDIDATES`).
FONT_ROLES = ("song", "fangsong", "hei", "kai", "title", "mono", "latin", "latinsans", "latinmono")


@dataclass(frozen=True)
class Settings:
    """The validated ``gov_report_*`` values."""

    preamble: bool = True
    preamble_template: str | None = None
    allow_outside_srcdir: bool = False
    previous: dict[str, object] = field(default_factory=dict)
    latex_font: str = "song"
    latex_fonts: dict[str, list[str]] = field(default_factory=dict)
    latex_defaults: bool = True
    json_download: bool = True
    strict: bool = False
    site: bool = False


_DEFAULTS = Settings()

#: name → (default, rebuild kind, Sphinx's types).  "env": the value changes what documents
#: contain, so they are re-read; "" (LaTeX only): applied when the LaTeX builder starts, and it
#: rewrites every document anyway; "html": only the HTML output changes.
VALUES: dict[str, tuple[Any, Any, tuple[type, ...]]] = {
    "gov_report_preamble": (True, "env", (bool,)),
    "gov_report_preamble_template": (None, "env", (str, type(None))),
    "gov_report_allow_outside_srcdir": (False, "env", (bool,)),
    "gov_report_previous": ({}, "env", (dict,)),
    "gov_report_latex_font": ("song", "", (str,)),
    "gov_report_latex_fonts": ({}, "", (dict,)),
    "gov_report_latex_defaults": (True, "", (bool,)),
    "gov_report_json_download": (True, "html", (bool,)),
    # strict publishing: notices about unfinished content (placeholders, empty sections, a broken
    # stock chain) become warnings, so -W fails
    "gov_report_strict": (False, "env", (bool,)),
    # Word only: font names per role (validated by the docx builder)
    "gov_report_docx_fonts": ({}, "", (dict,)),
    # the report site (theme "gov_report"): no search page; header and footer with agency, year and date
    "gov_report_site": (False, "html", (bool,)),
    "gov_report_publication_date": (None, "html", (str, type(None))),
    # a region project (units/<year>/<unit>.yaml, pages generated under region/): the region's name
    "gov_region_name": (None, "env", (str, type(None))),
}


def register(app: Sphinx) -> None:
    """Add every ``gov_report_*`` value and the ``config-inited`` check."""
    for name, (default, rebuild, types) in VALUES.items():
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", check)


# -- validation ----------------------------------------------------------------
class _Problems:
    """Collects the Chinese messages for one value."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []  # (name, message)

    def add(self, name: str, message: str) -> None:
        self.messages.append((name, message))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _bool(value: object, name: str, problems: _Problems, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    problems.add(
        name,
        f"{name} 应为 True 或 False，实际为「{_shown(value)}」（{type(value).__name__}）；"
        f"已按默认值 {default} 处理（注意不要加引号："
        f'写作 {name} = {not default}，而不是 {name} = "{not default}"）',
    )
    return default


def _template(value: object, srcdir: str, problems: _Problems) -> str | None:
    name = "gov_report_preamble_template"
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(
            name, f"{name} 应为前言模板文件的路径（文字，相对于源目录），实际为「{_shown(value)}」；已使用内置前言"
        )
        return None
    problem = template_problem(value, srcdir)
    if problem:
        problems.add(name, f"{name}「{_shown(value)}」{problem}；已使用内置前言")
        return None
    return value


def template_problem(value: str, srcdir: str) -> str | None:
    """Why the template path ``value`` is refused before any file is looked at, or ``None``."""
    if unsafe_characters(value, one_line=True):
        return "含有控制字符或不可见字符"
    if os.path.isabs(value) or value.startswith(("/", "\\")):
        return "是绝对路径：前言模板的路径应相对于源目录，且位于源目录之内"
    full = os.path.normpath(os.path.join(srcdir, value))
    root = os.path.normpath(srcdir)
    if full != root and not full.startswith(root.rstrip(os.sep) + os.sep):
        return "在源目录之外，已拒绝读取：前言模板应放在源目录之内"
    return None


def _previous(value: object, problems: _Problems) -> dict[str, object]:
    name = "gov_report_previous"
    if not isinstance(value, dict):
        problems.add(name, f"{name} 应为字典（本年度数据文件 → 上一年度数据文件），实际为「{_shown(value)}」；已忽略")
        return {}
    good: dict[str, object] = {}
    for key, target in value.items():
        if not isinstance(key, str) or not key.strip():
            problems.add(name, f"{name} 的键应为本年度数据文件的路径（文字），实际为「{_shown(key)}」；此项已忽略")
        else:  # a target that is not a path is reported by the directive naming the file, at its location
            good[key] = target
    return good


def _latex_font(value: object, problems: _Problems) -> str:
    name = "gov_report_latex_font"
    if isinstance(value, str) and value in BODY_FONTS:
        return value
    problems.add(name, f"{name} 的值「{value}」无效，应为 {' 或 '.join(BODY_FONTS)}；已使用 song（宋体）")
    return "song"


def _latex_fonts(value: object, problems: _Problems) -> dict[str, list[str]]:
    name = "gov_report_latex_fonts"
    if not isinstance(value, dict):
        problems.add(name, f"{name} 应为字典（字体角色 → 字体名称或名称列表），实际为「{_shown(value)}」；已忽略")
        return {}
    fonts: dict[str, list[str]] = {}
    unknown = [str(role) for role in value if role not in FONT_ROLES]
    if unknown:
        problems.add(
            name, f"{name} 中的字体角色「{'、'.join(unknown)}」未知，已忽略；可用的角色：{'、'.join(FONT_ROLES)}"
        )
    for role, names in value.items():
        if role not in FONT_ROLES or names is None:
            continue
        if isinstance(names, str):
            fonts[role] = [names]
        elif isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names):
            fonts[role] = list(names)
        else:
            problems.add(name, f"{name} 中「{role}」的值应为字体名称或名称列表，实际为「{_shown(names)}」，已忽略")
    return fonts


def validate(config: Config, srcdir: str) -> tuple[Settings, list[tuple[str, str]]]:
    """The usable settings and, for each value that is not usable, (name, Chinese message)."""
    problems = _Problems()
    raw: Callable[[str], object] = lambda name: getattr(config, name, VALUES[name][0])  # noqa: E731
    result = Settings(
        preamble=_bool(raw("gov_report_preamble"), "gov_report_preamble", problems, _DEFAULTS.preamble),
        preamble_template=_template(raw("gov_report_preamble_template"), srcdir, problems),
        allow_outside_srcdir=_bool(
            raw("gov_report_allow_outside_srcdir"), "gov_report_allow_outside_srcdir", problems, False
        ),
        previous=_previous(raw("gov_report_previous"), problems),
        latex_font=_latex_font(raw("gov_report_latex_font"), problems),
        latex_fonts=_latex_fonts(raw("gov_report_latex_fonts"), problems),
        latex_defaults=_bool(raw("gov_report_latex_defaults"), "gov_report_latex_defaults", problems, True),
        json_download=_bool(raw("gov_report_json_download"), "gov_report_json_download", problems, True),
        strict=_bool(raw("gov_report_strict"), "gov_report_strict", problems, False),
        site=_bool(raw("gov_report_site"), "gov_report_site", problems, False),
    )
    return result, problems.messages


_cache: dict[int, tuple[Config, str, Settings]] = {}
_lock = threading.Lock()


def _srcdir(config: Config) -> str:
    return str(getattr(config, "confdir", None) or os.getcwd())


def settings(config: Config, srcdir: str | None = None) -> Settings:
    """The validated settings of ``config`` (computed once; warnings are given by :func:`check`)."""
    with _lock:
        hit = _cache.get(id(config))
    if hit is not None and hit[0] is config and (srcdir is None or hit[1] == srcdir):
        return hit[2]
    where = srcdir or _srcdir(config)
    result, _messages = validate(config, where)
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[id(config)] = (config, where, result)
    return result


def _conf_lines(confdir: str | None) -> dict[str, int]:
    """The line of each top-level ``gov_report_x =`` assignment in ``conf.py``."""
    if not confdir:
        return {}
    try:
        with open(os.path.join(confdir, "conf.py"), encoding="utf-8-sig", errors="replace") as fh:
            text = fh.read(1024 * 1024)
    except OSError:
        return {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"(gov_report_\w+)\s*[:=]", line)
        if match:
            lines[match.group(1)] = number
    return lines


def check(app: Sphinx, config: Config) -> None:
    """``config-inited``: warn about every value that cannot be used (it counts as its default)."""
    srcdir = str(app.srcdir)
    result, messages = validate(config, srcdir)
    with _lock:
        _cache[id(config)] = (config, srcdir, result)
    confdir = str(app.confdir) if getattr(app, "confdir", None) else None
    lines = _conf_lines(confdir)
    conf = os.path.join(confdir, "conf.py") if confdir else None
    for name, message in messages:
        # Sphinx takes a location without ":" for a document name; a value set with -D has no line
        location = f"{conf}:{lines[name]}" if conf and name in lines else None
        logger.warning(message, location=location, type=WARNING_TYPE, subtype=SUBTYPE)
