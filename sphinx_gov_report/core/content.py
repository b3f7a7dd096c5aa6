"""What the text must state, and what it must not contradict.

- A 人民政府's report must report 工作考核、社会评议和责任追究结果 (《条例》第五十条第（四）项);
  the format notice places them under 监督保障 in section 一, evaluators look in 五 or 六.
- The legal basis cited must be the format in force: a 2021 or later report citing
  国办公开办函〔2019〕60号 (the 试行 format) cites a superseded notice.
- A year written as the report's own year (「2024年，本机关……」 in a 2025 report) contradicts it;
  last year's events stated as such (「2024年结转」, 「较2024年」) do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import statute
from .model import AGENCY_KINDS, Report

#: 《条例》第五十条第（四）项: what each 人民政府's report must state, with the words that state it.
OVERSIGHT = (("工作考核", ("考核",)), ("社会评议", ("评议",)), ("责任追究", ("追究", "问责")))
#: The sections where they may be stated (一 under 监督保障, 五, 六).
OVERSIGHT_SECTIONS = (0, 4, 5)
#: The format notices: (number as cited, format version).
NOTICES = {("2019", "60"): "2019", ("2021", "30"): "2021"}
_CITATION = re.compile(r"国办公开办函\s*[〔［\[（(【]\s*(20[0-9]{2})\s*[〕］\]）)】]\s*([0-9]+)\s*号")
_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})\s*年(度)?")
#: Words before a year that make it another year on purpose (comparisons, periods, titles).
BEFORE_WORDS = ("较", "比", "同比", "相比", "截至", "至", "到", "自", "从", "《", "“", "「", "第", "与", "和", "及")
#: Words right after a year that make it another year on purpose (carry-overs, periods, plans).
AFTER_WORDS = ("以来", "以前", "之前", "起", "至", "结转", "遗留", "转入", "相比", "同期", "底", "末", "版")
_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]?")


@dataclass(frozen=True)
class TextFinding:
    """A problem at an offset of a paragraph's text."""

    start: int
    message: str


def is_government(report: Report) -> bool:
    """Whether ``report`` is a 人民政府's (``agency_kind:`` in the YAML, else from the agency name)."""
    kind = report.publication.agency_kind
    if kind in AGENCY_KINDS:
        return kind == "人民政府"
    name = re.sub(r"\s+", "", report.agency)
    return name.endswith("人民政府") or (report.publication.level in ("县", "市", "省") and "人民政府" in name)


def missing_oversight(sections: dict[int, str]) -> list[str]:
    """Which of 工作考核、社会评议、责任追究 none of the sections 一, 五, 六 mentions."""
    text = "".join(sections.get(i, "") for i in OVERSIGHT_SECTIONS)
    return [name for name, words in OVERSIGHT if not any(w in text for w in words)]


def check_citations(text: str, report: Report) -> list[TextFinding]:
    """Format notices cited in ``text`` that are not the one in force for the report's year."""
    if not report.year:
        return []
    expected = statute.expected_format(report.year)
    out = []
    for match in _CITATION.finditer(text):
        version = NOTICES.get((match.group(1), match.group(2)))
        if version is None or version == expected:
            continue
        cited = f"国办公开办函〔{match.group(1)}〕{match.group(2)}号"
        right = statute.FORMATS[expected].name
        out.append(
            TextFinding(
                match.start(),
                f"正文引用了「{cited}」（{statute.FORMATS[version].name}），而{report.year}年度报告适用{right}；"
                "请改为现行格式的文号",
            )
        )
    return out


def check_years(text: str, year: int) -> list[TextFinding]:
    """Years that stand for the report's own year but are not it (「2024年，本机关……」 in a 2025 report)."""
    if not year:
        return []
    out = []
    for sentence in _SENTENCE.finditer(text):
        body = sentence.group(0)
        for match in _YEAR.finditer(body):
            written = int(match.group(1))
            if written == year:
                continue
            before = body[: match.start()]
            after = body[match.end() : match.end() + 12]
            period = "统计期限" in body or "统计时限" in body
            if not period and (
                any(w in before[-6:] for w in BEFORE_WORDS) or any(after.lstrip().startswith(w) for w in AFTER_WORDS)
            ):
                continue
            if (
                written > year
                and not period
                and any(w in body for w in ("将", "计划", "拟", "下一步", "力争", "预计", "继续"))
            ):
                continue
            own = before.strip(" 　") == "" and re.match(
                r"\s*(?:[，,]|全年|以来|本机关|我|全[县市区省镇]|共|累计|本)", after
            )
            own = own or re.match(r"\s*(?:全年|本年)?(?:共|累计)?(?:收到|受理|新收|办结|主动公开)", after)
            if own or period:
                out.append(
                    TextFinding(
                        sentence.start() + match.start(),
                        f"正文「{_shown(body[match.start() :])}」把 {written} 年写成了本年度，而本报告是 {year} 年度报告；"
                        f"请改为「{year}年」（如确指 {written} 年的情况，请写明，如「{written}年结转」「较{written}年」）",
                    )
                )
                break  # one finding per sentence
    return out


def _shown(text: str, limit: int = 20) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
