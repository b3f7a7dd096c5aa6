"""Characters that must never reach a report: one check shared by the reader, the paths and ``new``.

Two levels:

* in any text (values of the data file, paths): control characters other than tab and line
  breaks, lone surrogates, and the bidirectional overrides and isolates that make text read
  differently from how it is stored ("Trojan source");
* in a one-line name (the agency, which is the title, ``:gov:`agency``` and the PDF title
  block): additionally every line break, tab, format character (zero-width space, joiners,
  byte order mark …) and line or paragraph separator.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Categories refused in one-line names: control, format, surrogate, line and paragraph separators.
_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_TEXT_ALLOWED = frozenset("\t\n\r")

_NAMES = {
    "\n": "换行",
    "\r": "回车符",
    "\t": "Tab",
    "\x00": "空字符",
    "\x1b": "ESC 转义符",
    "\x85": "下一行字符 NEL",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2028": "行分隔符",
    "\u2029": "段分隔符",
    "\ufeff": "零宽不换行空格（BOM）",
}


#: Every character refused in any text (below): control characters but tab and line breaks (category Cc is
#: U+0000–U+001F and U+007F–U+009F), surrogates (Cs) and the bidirectional controls.  Lets the common
#: text, with none of them, be passed without looking up each character's category.
_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def unsafe_characters(text: str, one_line: bool = False) -> list[str]:
    """The distinct refused characters of ``text``, in order of first appearance."""
    if not one_line and _TEXT_REFUSED.search(text) is None:
        return []
    found: dict[str, None] = {}
    for char in text:
        if char in found:
            continue
        category = unicodedata.category(char)
        if one_line:
            bad = category in _NAME_CATEGORIES
        else:
            bad = (category == "Cc" and char not in _TEXT_ALLOWED) or category == "Cs" or char in BIDI_CONTROLS
        if bad:
            found[char] = None
    return list(found)


def describe(chars: list[str]) -> str:
    """「U+202E（从右至左强制）、换行」: the refused characters, named for the reader."""
    parts = []
    for char in chars:
        code = f"U+{ord(char):04X}"
        name = _NAMES.get(char) or ("双向文字控制符" if char in BIDI_CONTROLS else "")
        parts.append(f"{code}（{name}）" if name else code)
    return "、".join(parts)


def visible(text: str) -> str:
    """``text`` with every refused character written as ``\\uXXXX`` (safe to print in a message)."""
    bad = set(unsafe_characters(text, one_line=True))
    return "".join(f"\\u{ord(c):04x}" if c in bad else c for c in text)
