"""The document checks: each fires on a minimal wrong document at the right .rst line, and the
example report stays silent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, sphinx_build

from sphinx_gov_report.ext.checks import classify, han_count, previous_section_five, similarity

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
U = "-" * 60
DATA = """\
format: {fmt}
agency: 测试局
year: {year}
applications:
  new: [3, 0, 0, 0, 0, 0]
  results:
    disclosed: [3, 0, 0, 0, 0, 0]
processing_fee: 0
previous:
  text: last.txt
"""
FIVE = "人员队伍建设有待加强，街道没有专职人员负责政府信息公开工作。\n\n公开形式较为单一，下一步将丰富公开载体。"
SECTIONS = [
    ("一、总体情况", "本年新收政府信息公开申请 :gov:`applications.new.total` 件。"),
    ("二、主动公开政府信息情况", ".. gov-table:: 二"),
    ("三、收到和处理政府信息公开申请情况", ".. gov-table:: 三"),
    ("四、政府信息公开行政复议、行政诉讼情况", ".. gov-table:: 四"),
    ("五、存在的主要问题及改进情况", "今年新设微信视频号，更新了公开指南。明年计划开展三次业务培训，并建立考核台账。"),
    ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
]
#: Text of this year only (so that copying section 五 alone keeps the whole report under 50%).
ORIGINAL = (
    "本年新收政府信息公开申请 :gov:`applications.new.total` 件。今年我们重新梳理了公开目录，逐项核对了栏目内容，"
    "对群众反映较多的办事指南作了修改，在服务大厅设置了查阅点，组织了两次面向社区工作者的专题讲解，"
    "并把常见问题整理成问答放在网站首页，方便群众查找。"
)
LAST_TEXT = "一、总体情况\n略。\n五、存在的主要问题及改进情况\n" + FIVE + "\n六、其他需要报告的事项\n无。\n"


def overview(han: int) -> str:
    """A 一、总体情况 body of exactly ``han`` counted characters: Chinese characters only, besides
    digits, Latin letters, full-width punctuation and a ``:gov:`` number that are not counted."""
    body = "2021年， :gov:`applications.new.total` （ABC-12）。\n\n"  # one counted: 年
    return body + "字" * (han - 1) + "。"


def report_rst(sections: list[tuple[str, str]]) -> str:
    parts = ["测试局年度报告\n" + "=" * 40 + "\n\n.. gov-report:: data.yaml\n"]
    parts += [f"{title}\n{U}\n\n{body}\n" for title, body in sections]
    return "\n".join(parts)


def replace(title: str, new_title: str | None = None, body: str | None = None) -> list[tuple[str, str]]:
    out = []
    for t, b in SECTIONS:
        if t == title:
            if new_title == "":
                continue
            out.append((new_title or t, b if body is None else body))
        else:
            out.append((t, b))
    return out


CASES: dict[str, tuple[list[tuple[str, str]], str, int, str]] = {
    # name: (sections, subtype, line, message fragment)
    "numbering": (
        replace("一、总体情况", "1、 总体情况"),
        "headings",
        6,
        "标题「1、 总体情况」与法定格式不符，应为「一、总体情况」",
    ),
    "fifth": (
        replace("五、存在的主要问题及改进情况", "5、存在的主要问题及改进情况"),
        "headings",
        26,
        "应为「五、存在的主要问题及改进情况」",
    ),
    "wording": (
        replace("六、其他需要报告的事项", "六、其他需要汇报事项"),
        "headings",
        31,
        "应为「六、其他需要报告的事项」",
    ),
    "misprint": (
        replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况"),
        "headings",
        21,
        "标题「四、政府信息公开行政法复议、行政诉讼情况」与法定格式不符",
    ),
    "missing": (
        replace("五、存在的主要问题及改进情况", ""),
        "headings",
        26,
        "缺少第五部分「五、存在的主要问题及改进情况」",
    ),
    "order": (
        [*SECTIONS[:4], SECTIONS[5], SECTIONS[4]],
        "headings",
        31,
        "「五、存在的主要问题及改进情况」的位置不对：应在「六、其他需要报告的事项」之前",
    ),
    "overview": (
        replace("一、总体情况", body=overview(1001)),
        "overview-length",
        6,
        "有 1001 字（按汉字计，不含标题），超过格式规定的 1000 字",
    ),
    "fee": (replace("六、其他需要报告的事项", body="无。"), "fee-statement", 31, "没有说明信息处理费的收取情况"),
    "repetition": (
        [(t, ORIGINAL if t == "一、总体情况" else b) for t, b in replace("五、存在的主要问题及改进情况", body=FIVE)],
        "repetition",
        26,
        "与上一年度报告的同一部分重复约 100%（超过 50%",
    ),
    "prose_new": (
        replace("一、总体情况", body="本年度共收到政府信息公开申请 12 件，办结 :gov:`applications.new.total` 件。"),
        "prose-number",
        9,
        "正文「收到政府信息公开申请 12 件」与数据不一致：「一、本年新收政府信息公开申请数量 / 总计」为 3",
    ),
    "prose_review": (
        replace("一、总体情况", body="全年被申请\n行政复议2件。"),
        "prose-number",
        10,
        "正文「行政复议2件」与数据不一致：「行政复议 / 总计」为 0",
    ),
    "prose_none": (
        replace("一、总体情况", body="本年度未收到政府信息公开申请。"),
        "prose-number",
        9,
        "正文「未收到政府信息公开申请」与数据不一致：「一、本年新收政府信息公开申请数量 / 总计」为 3",
    ),
    # 其中 in the next clause does not make this clause's number a part
    "prose_clause": (
        replace("一、总体情况", body="本年度共收到政府信息公开申请12件，其中自然人申请3件。"),
        "prose-number",
        9,
        "正文「收到政府信息公开申请12件」与数据不一致：「一、本年新收政府信息公开申请数量 / 总计」为 3",
    ),
    "prose_carried_over": (
        replace("一、总体情况", body="上年结转政府信息公开申请 2 件。"),
        "prose-number",
        9,
        "正文「上年结转政府信息公开申请 2 件」与数据不一致：「二、上年结转政府信息公开申请数量 / 总计」为 0",
    ),
    # a breakdown by applicant is compared with its column
    "prose_applicant": (
        replace("一、总体情况", body="法人或其他组织收到申请1件。"),
        "prose-number",
        9,
        "正文「收到申请1件」与数据不一致：「一、本年新收政府信息公开申请数量 / 法人或其他组织」为 0",
    ),
    "prose_fee": (
        replace("六、其他需要报告的事项", body="本年度收取信息处理费 50 元。"),
        "prose-number",
        34,
        "正文「信息处理费 50 元」与数据不一致：「信息处理费（元）」为 0",
    ),
}


#: Sentences whose numbers are not the year's totals (parts, comparisons, appeals): never compared.
SILENT_PROSE = (
    "本年度共受理政府信息公开行政复议申请4件。",
    "本年新收政府信息公开申请 :gov:`applications.new.total` 件，较2021年收到申请50件有所下降，其中自然人收到申请52件。",
    "本年度未收到政府信息公开行政复议申请。",
    "收到申请同比增加 5 件。",
    "上年结转申请较去年减少1件，结转下年度的申请分别为1件和2件。",
    "办理行政诉讼案件3件。",
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    src = tmp_path_factory.mktemp("checks") / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nshow_warning_types = True\n', encoding="utf-8"
    )
    (src / "data.yaml").write_text(DATA.format(fmt=2021, year=2021), encoding="utf-8")
    (src / "last.txt").write_text(LAST_TEXT, encoding="utf-8")
    (src / "y2019").mkdir()
    (src / "y2019" / "data.yaml").write_text(DATA.format(fmt=2019, year=2020), encoding="utf-8")
    (src / "y2019" / "last.txt").write_text(LAST_TEXT, encoding="utf-8")
    for name, (sections, *_rest) in CASES.items():
        (src / f"{name}.rst").write_text(report_rst(sections), encoding="utf-8")
    (src / "good.rst").write_text(report_rst(SECTIONS), encoding="utf-8")
    silent = replace("一、总体情况", body="\n\n".join(SILENT_PROSE))
    (src / "prose_silent.rst").write_text(report_rst(silent), encoding="utf-8")
    # exactly at the limit (the heading's own characters are not counted)
    (src / "overview_limit.rst").write_text(report_rst(replace("一、总体情况", body=overview(1000))), encoding="utf-8")
    # the 2019 format has no length limit and no 信息处理费 statement
    old = replace("六、其他需要报告的事项", body="无。")
    old[0] = (old[0][0], "字" * 1200)
    (src / "y2019" / "index.rst").write_text(report_rst(old), encoding="utf-8")
    toc = "\n".join(f"   {n}" for n in [*CASES, "good", "prose_silent", "overview_limit", "y2019/index"])
    (src / "index.rst").write_text(f"测试\n====\n\n.. toctree::\n\n{toc}\n", encoding="utf-8")
    result = sphinx_build(src, src.parent / "out", "-W", "--keep-going")
    return src, _ANSI.sub("", result.stderr + result.stdout), result.returncode


def warnings_of(output: str, src: Path, name: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line and f"{src / name}.rst:" in line]


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_fires(build: tuple[Path, str, int], name: str) -> None:
    src, output, status = build
    _sections, subtype, line, fragment = CASES[name]
    assert status != 0
    assert "Traceback" not in output
    lines = warnings_of(output, src, name)
    assert lines, output
    assert all(f"[gov-report.{subtype}]" in w for w in lines), lines
    assert any(w.startswith(f"{src / name}.rst:{line}: WARNING: ") and fragment in w for w in lines), lines


def test_exactly_one_warning_per_case(build: tuple[Path, str, int]) -> None:
    src, output, _status = build
    counts = {name: len(warnings_of(output, src, name)) for name in CASES}
    assert counts == dict.fromkeys(CASES, 1)


def test_correct_document_is_silent(build: tuple[Path, str, int]) -> None:
    src, output, _status = build
    assert warnings_of(output, src, "good") == []
    assert warnings_of(output, src, "y2019/index") == []
    # the similarity is reported as information when it is below the limit
    assert re.search(
        re.escape(f"{src / 'good'}.rst:26: 「五、存在的主要问题及改进情况」与上一年度报告的同一部分重复约 ") + r"\d+%",
        output,
    )


def test_overview_of_exactly_the_limit_is_silent(build: tuple[Path, str, int]) -> None:
    """1000 counted characters pass; 1001 (the case ``overview``) is one too many."""
    src, output, _status = build
    assert han_count(overview(1000)) == 1000 and han_count(overview(1001)) == 1001
    assert warnings_of(output, src, "overview_limit") == []
    assert len(warnings_of(output, src, "overview")) == 1


def test_parts_and_comparisons_in_prose_are_not_compared(build: tuple[Path, str, int]) -> None:
    src, output, _status = build
    assert warnings_of(output, src, "prose_silent") == []


def test_summary_counts_document_checks(build: tuple[Path, str, int]) -> None:
    _src, output, _status = build
    # one data file, used by every case document: the summary adds them up
    assert f"data.yaml（测试局2021年度报告）：{len(CASES)} 个错误，0 个提示" in output


def test_placeholders_and_empty_sections_are_notices(tmp_path: Path) -> None:
    """What ``sphinx-gov-report new`` leaves to fill in is pointed out, but ``-W`` still passes."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\n', encoding="utf-8")
    (src / "data.yaml").write_text(DATA.format(fmt=2021, year=2021), encoding="utf-8")
    (src / "last.txt").write_text(LAST_TEXT, encoding="utf-8")
    sections = replace(
        "一、总体情况",
        body="本年新收政府信息公开申请 :gov:`applications.new.total` 件。\n"
        "【待填写】2021年，测试局政府信息公开工作总体情况。其余略。",
    )
    comment = ".. 填写说明：请在本注释下方撰写本部分正文。"
    sections = [
        (t, comment if t in ("二、主动公开政府信息情况", "五、存在的主要问题及改进情况") else b) for t, b in sections
    ]
    (src / "index.rst").write_text(report_rst(sections), encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out", "-W")
    output = _ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode == 0, output
    assert "WARNING" not in output
    notices = [line for line in output.splitlines() if "提示[gov-report.content]" in line]
    index = src / "index.rst"
    assert notices == [
        f"{index}:10: 提示[gov-report.content]：「一、总体情况」中的「【待填写】2021年，测试局政府信息公开工作总体情况。」"
        "仍是待填写的占位内容；请改写为本机关的实际情况，并删去「【待填写】」",
        f"{index}:12: 提示[gov-report.content]：「二、主动公开政府信息情况」没有内容；请用「.. gov-table:: 二」插入法定表格",
        f"{index}:27: 提示[gov-report.content]：「五、存在的主要问题及改进情况」没有内容；"
        "请撰写本部分正文（如确无相关情况，也请写明）",
    ]
    assert "data.yaml（测试局2021年度报告）：0 个错误，3 个提示" in output


def test_example_project_is_silent(tmp_path: Path) -> None:
    result = sphinx_build(EXAMPLE, tmp_path / "out", "-W", "-E")
    assert result.returncode == 0, result.stderr
    assert "0 个错误，0 个提示" in _ANSI.sub("", result.stdout)


def test_classify() -> None:
    assert classify("一、总体情况") == 0
    assert classify("1、 总体情况") == 0
    assert classify("5、存在的主要问题及改进情况") == 4
    assert classify("其他需要汇报事项") == 5
    assert classify("四、政府信息公开行政法复议、行政诉讼情况") == 3
    assert classify("（一）主动公开") is None
    assert classify("富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告") is None


def test_han_count_and_similarity() -> None:
    assert han_count("2021年，共 12 条（含 abc）。") == 4
    assert similarity(FIVE, FIVE) == 1.0
    assert similarity("完全不同的一段文字内容", FIVE) == 0.0
    assert previous_section_five("五、存在的主要问题及改进情况\n======\n甲乙丙\n六、其他需要报告的事项\n无") == "甲乙丙"


def test_shingle_index_finds_every_near_copy_that_pairwise_comparison_finds() -> None:
    """The inverted index (core.similarity.ShingleIndex) misses no pair the pairwise overlap finds."""
    import random

    from sphinx_gov_report.core.similarity import UNIT_LIMIT, ShingleIndex, overlap, shingles

    rng = random.Random(5)
    alphabet = "公开政府信息工作机制规范管理平台建设网站栏目解读回应培训制度"
    base = ["".join(rng.choice(alphabet) for _ in range(rng.randint(60, 300))) for _ in range(12)]
    texts = []
    for _ in range(80):  # copies of a few base texts, each with some characters changed or cut
        text = list(rng.choice(base))
        for _ in range(rng.randint(0, len(text) // 6)):
            text[rng.randrange(len(text))] = rng.choice(alphabet)
        start = rng.randint(0, len(text) // 5)
        texts.append("".join(text[start:]))
    for limit in (UNIT_LIMIT, 0.5, 0.2):
        index = ShingleIndex()
        found, expected = set(), set()
        for n, text in enumerate(texts):
            found |= {(n, c) for c in index.candidates(text, limit)}
            expected |= {(n, c) for c in range(n) if overlap(text, shingles(texts[c])).share >= limit}
            assert index.add(text) == n
        assert 20 < len(expected) < 80 * 79 / 2  # near copies and others: the test can fail
        assert found == expected, limit
