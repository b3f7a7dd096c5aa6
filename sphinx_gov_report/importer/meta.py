"""Metadata as the text states it: agency and year (from the title), the statistics period,
the website, the contact block and the 信息处理费 of section 六."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

_TITLE = re.compile(
    r"^(?P<before>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<between>.*?)(?:政府信息公开|政务公开)(?:工作)?年度?(?:工作)?报告"
)
_ANNOUNCE = re.compile(
    r"(?:现公布|现将|编制|特编制|发布)(?P<agency>[^，。,；《》“”]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开)"
)
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日起?(?:至|到|—|-|~)(?:(?P<y2>(?:19|20)\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日"
)
_WEBSITE = re.compile(
    r"(?P<name>[^\s，。、,“”《》（(）)]{2,30}?(?:网站|门户网|政府网|网))[“”]?[（(](?P<url>(?:https?://)?[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s）)，。]*)[）)]"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_FEE_AMOUNT = re.compile(r"处理费[^。；;]*?(?P<n>\d+(?:\.\d+)?)(?P<unit>万元|元)")
_FEE_NONE = re.compile(r"(?:未|没有|无|不)(?:(?:发生|产生|涉及)[^。；;，,]{0,14}?)?(?:收取|收费)")
_FEE_ZERO = re.compile(r"处理费[^。；;]*?(?:为零|(?<![\d.])0(?:\.0+)?元)")


@dataclass
class Meta:
    """What the text states; empty where it does not."""

    agency: str = ""
    year: int | None = None
    title: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    website_name: str = ""
    website_url: str = ""
    contact: dict[str, str] = field(default_factory=dict)
    processing_fee: Decimal | None = None
    notes: list[str] = field(default_factory=list)


def _squash(text: str) -> str:
    """NFKC, with the spaces a PDF's justification puts between characters removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def title_parts(text: str) -> tuple[str, int | None]:
    """(agency, year) of a title such as 「洪泽区人民政府2023年政府信息公开工作年度报告」."""
    match = _TITLE.search(_squash(text))
    if not match:
        return "", None
    before = re.sub(r"^(?:正文|附件\d*|标题[:：]?)", "", match.group("before")).strip("#:：·- ")
    between = match.group("between").strip()
    agency = between if len(between) >= 2 else before
    return agency, int(match.group("year"))


def find_meta(title_lines: list[str], preamble: list[str], body: list[str], section6: list[str]) -> Meta:
    """Read the metadata from the title lines, the preamble, the whole text and section 六."""
    meta = Meta()
    for line in title_lines:
        agency, year = title_parts(line)
        if year and not meta.year:
            meta.year, meta.title = year, line
        if agency and year == meta.year:
            meta.agency = agency
            break
    pre = _squash("".join(preamble))
    whole = _squash("".join(body))
    if not meta.agency:
        match = _ANNOUNCE.search(pre) or _ANNOUNCE.search(whole[:3000])
        if match:
            meta.agency = match.group("agency")
            meta.year = meta.year or int(match.group("year"))
    for text in (pre, whole):
        period = _PERIOD.search(text)
        if period:
            y1 = int(period.group("y1"))
            y2 = int(period.group("y2") or y1)
            try:
                meta.period_start = dt.date(y1, int(period.group("m1")), int(period.group("d1")))
                meta.period_end = dt.date(y2, int(period.group("m2")), int(period.group("d2")))
            except ValueError:
                meta.notes.append(f"统计期限「{period.group(0)}」不是有效日期，未导入")
            break
    if meta.year is None:
        if meta.period_start:
            meta.year = meta.period_start.year
        else:
            match = re.search(r"截[止至](?P<y>(?:19|20)\d{2})年12月31日", whole)
            if match:
                meta.year = int(match.group("y"))
    site = _WEBSITE.search(pre) or _WEBSITE.search(whole)
    if site:
        name = re.sub(r"^.*?(?:可在|可从|可以通过|通过|登录|在|从|于)", "", site.group("name"))
        meta.website_name, meta.website_url = name, site.group("url")
    _contact(pre or whole, meta)
    _fee(section6, meta)
    return meta


def _contact(text: str, meta: Meta) -> None:
    found: dict[str, str] = {}
    match = re.search(r"请(?:与|联系)(?P<org>[^，。,（(]{2,40}?)(?:联系|[（(])", text)
    if match:
        found["organization"] = match.group("org")
    patterns = {
        "address": r"(?:联系|通讯)?地址[:：](?P<v>[^，,；;。）)]+)",
        "postcode": r"邮编[:：]?(?P<v>\d{6})",
        "phone": r"(?<!传真/)电话(?:/传真)?[:：]?(?P<v>[\d\-—－()（）]{7,20}\d)",
        "fax": r"传真[:：]?(?P<v>[\d\-—－]{7,20}\d)",
    }
    for key, pattern in patterns.items():
        m = re.search(pattern, text)
        if m:
            found[key] = m.group("v")
    email = _EMAIL.search(text)
    if email:
        found["email"] = email.group(0)
    meta.contact = found


def _fee(section6: list[str], meta: Meta) -> None:
    text = _squash("".join(section6))
    for sentence in re.split(r"[。；;]", text):
        if "处理费" not in sentence and not ("收费" in sentence and _FEE_NONE.search(sentence)):
            continue
        if _FEE_NONE.search(sentence) or _FEE_ZERO.search(sentence):
            meta.processing_fee = Decimal(0)
            return
        amount = _FEE_AMOUNT.search(sentence)
        if amount:
            value = Decimal(amount.group("n"))
            meta.processing_fee = value * 10000 if amount.group("unit") == "万元" else value
            if amount.group("unit") == "万元":
                meta.notes.append(f"信息处理费印为「{amount.group(0)}」，按元换算为 {meta.processing_fee}")
            return
