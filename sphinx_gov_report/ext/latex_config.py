"""LaTeX defaults for report projects (``language = "zh_CN"`` or any ``zh*``, built with xelatex).

At ``config-inited`` (:func:`config_inited`), and only through Sphinx's public
configuration, the defaults are placed where ``conf.py`` left a value unset:
the keys of ``latex_elements`` it does not set (fonts, A4 geometry, no table of
contents, no index), and the ``govreport`` LaTeX theme (``latex_theme_path``,
a 12 pt A4 ``howto``/article theme) where ``latex_theme`` is Sphinx's default.
A value set in ``conf.py`` is never changed; ``gov_report_latex_defaults =
False`` leaves everything to Sphinx.  The package ``sphinxgovreport.sty`` is
registered and copied to the output directory for every LaTeX build, so the
statutory tables render in any language.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.diagnostics import WARNING_TYPE
from .config import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

TEXINPUTS = Path(__file__).parent / "texinputs"
PACKAGE = "sphinxgovreport"
FONT_PACKAGE = "sphinxgovreportfonts"

#: Font candidates per role, first available wins (names for fontconfig, or
#: file names found by kpathsea).  User choices from ``gov_report_latex_fonts``
#: are tried first.  Fandol ships with TeX Live (texlive-lang-chinese).
FONT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "song": ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "FandolSong-Regular.otf"),
    "fangsong": ("FZFangSong-Z02", "FangSong", "STFangsong", "FandolFang-Regular.otf"),
    "hei": ("Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "FandolHei-Regular.otf"),
    "kai": ("FZKai-Z03", "KaiTi", "STKaiti", "FandolKai-Regular.otf"),
    "title": ("FZXiaoBiaoSong-B05", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "FandolSong-Regular.otf"),
    "mono": ("Noto Sans Mono CJK SC", "Noto Sans CJK SC", "FandolHei-Regular.otf"),
    "latin": ("TeX Gyre Termes", "texgyretermes-regular.otf", "TeXGyreTermes", "Latin Modern Roman"),
    "latinsans": ("TeX Gyre Heros", "texgyreheros-regular.otf", "TeXGyreHeros", "Latin Modern Sans"),
    "latinmono": ("TeX Gyre Cursor", "texgyrecursor-regular.otf", "TeXGyreCursor", "Latin Modern Mono"),
}

#: GB/T 9704-like page: A4, 156 mm × 225 mm text block, page number below it.
GEOMETRY = dict(paper="a4paper", top="37mm", bottom="35mm", left="28mm", right="26mm", footskip="14mm")


def is_report_project(config: Config) -> bool:
    """Whether the report defaults apply: a Chinese document built with xelatex (xeCJK)."""
    language = (config.language or "").lower().replace("-", "_")
    return language.startswith("zh") and config.latex_engine == "xelatex"


def _tex_list(names: list[str]) -> str:
    return ",".join(n.replace("\\", "").replace("{", "").replace("}", "").replace(",", "") for n in names if n)


def _run(cmd: list[str]) -> str | None:
    exe = shutil.which(cmd[0])
    if exe is None:
        return None
    try:
        result = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout


@cache
def _fontconfig_names() -> frozenset[str] | None:
    """Family, full and PostScript names known to fontconfig (lower case), or None without fc-list."""
    out = _run(["fc-list", "--format", "%{family}\\n%{fullname}\\n%{postscriptname}\\n"])
    if out is None:
        return None
    return frozenset(part.strip().lower() for line in out.splitlines() for part in line.split(",") if part.strip())


@cache
def _tex_font_file(name: str) -> bool | None:
    """Whether kpathsea finds the font file ``name``, or None without kpsewhich."""
    out = _run(["kpsewhich", name])
    return None if out is None else bool(out.strip())


def font_exists(name: str) -> bool | None:
    """Whether xelatex will find ``name`` (a file name or a fontconfig name); None when unknown."""
    if name.lower().endswith((".otf", ".ttf", ".ttc")):
        return _tex_font_file(name)
    names = _fontconfig_names()
    return None if names is None else name.lower() in names


def font_candidates(role: str, user: list[str]) -> list[str]:
    """The candidates for ``role``, the user's first; fonts known to be missing dropped."""
    names = list(dict.fromkeys(user + list(FONT_CANDIDATES[role])))
    return [n for n in names if font_exists(n) is not False]


def missing_fonts(role: str, user: list[str]) -> None:
    """Warn about each of the user's fonts for ``role`` that xelatex will not find."""
    found = font_candidates(role, user)
    for name in user:
        if font_exists(name) is False:
            logger.warning(
                "gov_report_latex_fonts：找不到「%s」字体（%s），PDF 将改用「%s」",
                name,
                role,
                found[0] if found else "TeX 默认字体",
                type=WARNING_TYPE,
                subtype="latex",
            )


def font_setup(config: Config) -> str:
    """The ``fontpkg`` code: font candidates per role and the body font choice (validated in :mod:`.config`)."""
    chosen = settings(config)
    lines = [f"\\def\\sphinxgovreportbodyfont{{{chosen.latex_font}}}"]
    for role in FONT_CANDIDATES:
        # every candidate: TeX takes the first one that exists (sphinxgovreportfonts.sty)
        names = list(dict.fromkeys(chosen.latex_fonts.get(role, []) + list(FONT_CANDIDATES[role])))
        lines.append(f"\\def\\sphinxgovreportfonts{role}{{{_tex_list(names)}}}")
    lines.append(f"\\usepackage{{{FONT_PACKAGE}}}")
    return "\n".join(lines)


#: The folder of the ``govreport`` LaTeX theme (for ``latex_theme_path``).
THEME_PATH = Path(__file__).parent / "latex_theme"
THEME = "govreport"


def report_context(config: Config) -> dict[str, Any]:
    """Template keys for report projects (applied only where ``latex_elements`` is silent)."""
    geometry = ",".join(v if k == "paper" else f"{k}={v}" for k, v in GEOMETRY.items())
    return {
        "papersize": "a4paper",
        "extraclassoptions": "oneside",  # a PDF for the web: the same margins on every page
        "geometry": f"\\usepackage[{geometry}]{{geometry}}",
        "fontpkg": font_setup(config),
        "fncychap": "",
        "maketitle": "",  # the title block opens the body (latex.visit_title)
        "tableofcontents": "",
        "makeindex": "",
        "printindex": "",
        "releasename": "",
        "contentsname": "",
    }


def config_inited(app: Sphinx, config: Config) -> None:
    """``config-inited``: the report defaults for every value ``conf.py`` leaves unset.

    ``latex_elements`` gets the keys it lacks; the ``govreport`` theme is used where
    ``latex_theme`` is Sphinx's default (``"manual"``) — the default ``latex_documents``
    follows it.  Values set in ``conf.py`` are kept as they are.
    """
    if not is_report_project(config) or not settings(config, str(app.srcdir)).latex_defaults:
        return
    config.latex_elements = {**report_context(config), **config.latex_elements}
    if config.latex_theme == "manual":
        config.latex_theme_path = [*config.latex_theme_path, str(THEME_PATH)]
        config.latex_theme = THEME


def builder_inited(app: Sphinx) -> None:
    """Register and copy the LaTeX package; warn about chosen fonts that are missing."""
    if app.builder.format != "latex":
        return
    outdir = Path(app.builder.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    for sty in sorted(TEXINPUTS.glob("*.sty")):
        shutil.copyfile(sty, outdir / sty.name)  # always the installed version
    report = is_report_project(app.config)
    app.add_latex_package(PACKAGE, "report" if report else None)
    if report:
        chosen = settings(app.config, str(app.srcdir)).latex_fonts
        for role in FONT_CANDIDATES:
            missing_fonts(role, chosen.get(role, []))
