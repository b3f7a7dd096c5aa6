"""Checks at evaluator grade, end to end with real Sphinx builds: prose figures (result categories,
收到 = 新收 + 上年结转, data errors), copied text, statutory content, citations, the report's year,
deadlines, strict publishing, acknowledged exceptions and the notice's long headings.

The texts are real reports' (quoted from ``../shared/realdocs/`` and the issue's 2019 report); the
expected figures are the ones those reports print, transcribed by hand."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sphinx_build
from test_cli import run

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
U = "-" * 60

# 沭阳县人民政府 2025 (shuyang-2025.txt): section 一's opening and two items, section 五, section 六.
SHUYANG_ONE = (
    "2025年，我县坚持以习近平新时代中国特色社会主义思想为指导，以习近平法治思想为指引，认真贯彻国务院办公厅和省、市有关工作部署，"
    "严格遵守《政府信息公开条例》相关制度规定，紧紧围绕县委、县政府中心工作，通过系统化推进主动公开、规范化办理依申请公开、"
    "精细化建设公开平台、常态化开展监督管理，有效保障了群众的知情权、参与权和监督权，确保权力在阳光下运行。\n\n"
    "二是提升公开质量。全年公开政策文件4件，对3件主动公开政策性文件进行意见征集并公开征集结果，让群众深度参与政策制定。"
    "扎实推进年度报告公开工作，完成全县64家单位政府信息公开年度报告集中公开、统一发布，主动接受社会监督。"
)
SHUYANG_FIVE = (
    "2025 年，我县县政府信息公开工作在服务群众、赋能治理上取得一定成效，但对照群众日益增长的需求和高质量发展要求，"
    "仍存在短板：一是政策解读多样性需进一步加强。二是依申请办件质量需进一步提升。三是联系群众工作需要进一步巩固。\n\n"
    "针对上述问题，我县坚持问题导向、目标导向、结果导向，精准施策、靶向发力，推动政务公开工作再上新台阶；\n\n"
    "一是增加解读的形式，除却文字解读、图片简明问答等，丰富了视频解读、动漫解读等形式，让政策传播更“鲜活”。"
    "二是开展考核管理。将县直单位政务公开实效纳入高质量考核范围，定期开展业务检查，年底进行综合考评，"
    "推动政务公开工作从“合规”向“优质”升级。"
)
SHUYANG_SIX = (
    "我县认真落实《政府信息公开信息处理费管理办法》要求，指导推动全县行政机关按规定收取费用。"
    "全县行政机关在办理2025年度信息公开申请中收取信息处理费共计380元，其中民政局1件，收取380元。"
)
# 富阳区人民政府春江街道办事处 2021 (fuyang-chunjiang-2021.txt), （五）信息公开监督保障.
OVERSIGHT = "一是规范工作考核。二是突出社会评议。三是严格责任追究。"

DATA = """\
format: "{fmt}"
agency: {agency}
year: {year}
applications:
  new: {new}
  carried_over: {carried}
  results:
    disclosed: {disclosed}
processing_fee: {fee}
{extra}"""


def data(
    *,
    agency: str = "测试局",
    year: int = 2025,
    fmt: str = "2021",
    new: str = "[3, 0, 0, 0, 0, 0]",
    carried: str = "[0, 0, 0, 0, 0, 0]",
    disclosed: str = "[3, 0, 0, 0, 0, 0]",
    fee: str = "0",
    extra: str = "",
) -> str:
    return DATA.format(
        agency=agency, year=year, fmt=fmt, new=new, carried=carried, disclosed=disclosed, fee=fee, extra=extra
    )


def sections(**bodies: str) -> list[tuple[str, str]]:
    """The six parts with short bodies; keyword ``one`` … ``six`` replaces a body (``h5`` a heading)."""
    default = [
        ("一、总体情况", "本年新收政府信息公开申请 :gov:`applications.new.total` 件。"),
        ("二、主动公开政府信息情况", ".. gov-table:: 二"),
        ("三、收到和处理政府信息公开申请情况", ".. gov-table:: 三"),
        ("四、政府信息公开行政复议、行政诉讼情况", ".. gov-table:: 四"),
        ("五、存在的主要问题及改进情况", "公开形式较为单一，下一步将丰富公开载体。"),
        ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
    ]
    names = ("one", "two", "three", "four", "five", "six")
    out = []
    for (title, body), name in zip(default, names, strict=True):
        out.append((bodies.get("h" + name, title), bodies.get(name, body)))
    return out


def rst(parts: list[tuple[str, str]], data_file: str = "data.yaml") -> str:
    head = "测试报告\n" + "=" * 40 + f"\n\n.. gov-report:: {data_file}\n"
    return "\n".join([head, *(f"{title}\n{U}\n\n{body}\n" for title, body in parts)])


def project(root: Path, docs: dict[str, tuple[str, str]], conf: str = "", files: dict[str, str] | None = None) -> Path:
    """A Sphinx project: ``docs`` maps a document name to (its reST, its data file's YAML)."""
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nshow_warning_types = True\n' + conf, encoding="utf-8"
    )
    for name, (text, yaml) in docs.items():
        (src / f"{name}.rst").write_text(text.replace("data.yaml", f"{name}.yaml"), encoding="utf-8")
        (src / f"{name}.yaml").write_text(yaml, encoding="utf-8")
    for name, text in (files or {}).items():
        (src / name).write_text(text, encoding="utf-8")
    toc = "\n".join(f"   {n}" for n in docs)
    (src / "index.rst").write_text(f"测试\n====\n\n.. toctree::\n\n{toc}\n", encoding="utf-8")
    return src


def build(src: Path, *args: str) -> tuple[int, str]:
    result = sphinx_build(src, src.parent / "out", "-W", "--keep-going", "-E", *args)
    output = _ANSI.sub("", result.stdout + result.stderr)
    assert "Traceback" not in output, output
    return result.returncode, output


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line]


# -- prose figures ------------------------------------------------------------

#: The issue's 2019 report: 予以公开 258+3+12+1+1 = 275 by applicant; 无法提供 （本机关不掌握） 337.
REPORT_2019 = """\
format: "2019"
agency: 某市某局
year: 2019
applications:
  new: [523, 43, 32, 6, 8, 0]
  results:
    disclosed: [258, 3, 12, 1, 1, 0]
    unavailable:
      not_held: [265, 40, 20, 5, 7, 0]
"""
SENTENCE_2019 = "本年度共收到政府信息公开申请612件，予以公开及部分公开258件，因本机关不掌握等原因无法提供265件。"


def test_2019_result_categories_fail(tmp_path: Path) -> None:
    src = project(tmp_path, {"r": (rst(sections(one=SENTENCE_2019, six="无。")), REPORT_2019)})
    status, output = build(src)
    assert status != 0
    found = warnings(output)
    assert len(found) == 2, found
    assert all("[gov-report.prose-number]" in w and f"{src / 'r.rst'}:9:" in w for w in found)
    assert (
        "正文「予以公开及部分公开258件」与数据不一致：「三、本年度办理结果 / （一）予以公开 + （二）部分公开"
        in found[0]
    )
    assert "（区分处理的，只计这一情形，不计其他情形） / 总计」为 275；" in found[0]
    assert "正文「无法提供265件」与数据不一致：「三、本年度办理结果 / （四）无法提供 / 总计」为 337；" in found[1]


def test_received_may_include_carried_over(tmp_path: Path) -> None:
    """收到 75 = 新收 74 + 上年结转 1 = （七）总计: right, and passes; 收到 74 with the same breakdown is not."""
    yaml = data(new="[71, 3, 0, 0, 0, 0]", carried="[1, 0, 0, 0, 0, 0]", disclosed="[72, 3, 0, 0, 0, 0]")
    right = "本年度收到政府信息公开申请75件，涉及自然人72件、商业企业3件。"
    src = project(tmp_path / "a", {"r": (rst(sections(one=right)), yaml)})
    status, output = build(src)
    assert status == 0, output
    assert warnings(output) == []
    wrong = right.replace("75件", "74件")
    src = project(tmp_path / "b", {"r": (rst(sections(one=wrong)), yaml)})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert (
        "正文「收到政府信息公开申请74件」与数据不一致：「一、本年新收政府信息公开申请数量 + 二、上年结转政府信息公开申请数量 / 总计」为 75"
        in found
    )


def test_data_error_is_named_instead_of_the_text(tmp_path: Path) -> None:
    """A clerk typed 总计 31 for 30 applications: the prose saying 30 is right, the data is not."""
    yaml = data(new="[30, 0, 0, 0, 0, 0, 31]", disclosed="[30, 0, 0, 0, 0, 0]")
    src = project(tmp_path, {"r": (rst(sections(one="本年度共收到政府信息公开申请30件。")), yaml)})
    status, output = build(src)
    assert status != 0
    prose = [w for w in warnings(output) if "[gov-report.prose-number]" in w]
    assert len(prose) == 1
    assert (
        "数据有误（「一、本年新收政府信息公开申请数量 / 总计」为 31，但本行自然人与法人或其他组织各列之和为 30）"
        in prose[0]
    )
    assert "请改正文字" not in prose[0]
    assert any("r.yaml:5" in w and "[gov-report.row-total]" in w for w in warnings(output))


def test_chinese_numerals_and_shares(tmp_path: Path) -> None:
    # 上海市人民政府办公厅 2025 (shanghai-bgt-2025.md): 208 件 of 1191 办结 is 17.46%.
    yaml = data(new="[1191, 0, 0, 0, 0, 0]", disclosed="[983, 0, 0, 0, 0, 0]")
    yaml = yaml.replace(
        "    disclosed: [983, 0, 0, 0, 0, 0]", "    disclosed: [983, 0, 0, 0, 0, 0]\n    partial: [208, 0, 0, 0, 0, 0]"
    )
    text = "办结1191件，其中部分公开 208 件（17.46%）。另收到申请十二件。"
    src = project(tmp_path, {"r": (rst(sections(one=text)), yaml)})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "正文「收到申请十二件」与数据不一致" in found and "为 1191" in found
    src2 = project(tmp_path / "b", {"r": (rst(sections(one=text.replace("17.46", "17.64"))), yaml)})
    found = warnings(build(src2)[1])
    assert any("「部分公开 208 件（17.64%）」中的比例与数据不一致" in w and "17.46%" in w for w in found), found


# -- copied text --------------------------------------------------------------

LAST_YEAR = (
    "一、总体情况\n"
    + SHUYANG_ONE
    + "\n五、存在的主要问题及改进情况\n"
    + SHUYANG_FIVE
    + "\n六、其他需要报告的事项\n无。\n"
)


def test_whole_report_copied_from_last_year_fails(tmp_path: Path) -> None:
    yaml = data(agency="某县某局", extra="previous:\n  text: last.txt\n")
    copied = rst(sections(one=SHUYANG_ONE, five=SHUYANG_FIVE, six=SHUYANG_SIX.replace("380元", "0元")))
    src = project(tmp_path, {"r": (copied, yaml)}, files={"last.txt": LAST_YEAR})
    status, output = build(src)
    assert status != 0
    found = [w for w in warnings(output) if "[gov-report.copied]" in w]
    assert len(found) == 1, warnings(output)
    assert re.search(
        r"r\.rst:6: WARNING: 全文（不含标题、表格和法定套话）与上一年度报告重复约 (\d+)%（各部分：一 100%、", found[0]
    )
    assert "、五 100%、" in found[0]
    assert "最长的重复段落在「一、总体情况」，以「年我县坚持以习近平新时代中国特色社会主义" in found[0]
    assert any("[gov-report.repetition]" in w and "重复约 100%" in w for w in warnings(output))
    # a draft carried over by ``new --from`` (still marked 【待修改】): a notice, an error when publishing
    draft = copied.replace(SHUYANG_FIVE, "【待修改】" + SHUYANG_FIVE.replace("考核", "评比"))
    src = project(tmp_path / "draft", {"r": (draft, yaml)}, files={"last.txt": LAST_YEAR})
    status, output = build(src)
    assert [w for w in warnings(output) if "[gov-report.copied]" in w] == []
    assert "提示[gov-report.copied]：全文（不含标题、表格和法定套话）与上一年度报告重复约" in output
    assert "（本文件是沿用上一年度报告的草稿，仍有「【待修改】」标记）" in output
    status, output = build(src, "-D", "gov_report_strict=1")
    assert status != 0
    assert any("[gov-report.copied]" in w and "严格发布模式" in w for w in warnings(output))


def test_near_identical_sections_between_units(tmp_path: Path) -> None:
    five = SHUYANG_FIVE.replace("2025 年，", "本年度，")
    docs = {
        "a": (rst(sections(five=five)), data(agency="某县甲局")),
        "b": (rst(sections(five=five)), data(agency="某县乙局")),
        "c": (rst(sections(five=five)), data(agency="某县丙局", year=2024)),  # another year: not compared
    }
    src = project(tmp_path, docs)
    status, output = build(src, "-j", "2")
    assert status != 0
    (found,) = warnings(output)
    assert (
        f"{src / 'b.rst'}:26: WARNING: 「五、存在的主要问题及改进情况」与「某县甲局」（a）的同一部分几乎相同（重复约 100%"
        in found
    )
    assert "[gov-report.copied]" in found


# -- statutory content --------------------------------------------------------


def test_government_report_without_oversight_results_fails(tmp_path: Path) -> None:
    """沭阳县人民政府's real sections 五 and 六 mention 考核 but not 社会评议 nor 责任追究."""
    yaml = data(agency="沭阳县人民政府", fee="380")
    text = rst(sections(five=SHUYANG_FIVE, six=SHUYANG_SIX))
    src = project(tmp_path / "a", {"r": (text, yaml)})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.statutory-content]" in found and "r.rst:26:" in found
    assert "正文中没有写到「社会评议」「责任追究」" in found
    # the same text with the oversight results (as 春江街道 wrote them) passes; so does an agency that is not a 人民政府
    src = project(tmp_path / "b", {"r": (rst(sections(five=SHUYANG_FIVE + "\n\n" + OVERSIGHT, six=SHUYANG_SIX)), yaml)})
    assert build(src)[0] == 0
    src = project(tmp_path / "c", {"r": (text, yaml + "agency_kind: 部门\n")})
    assert build(src)[0] == 0


def test_superseded_citation_fails(tmp_path: Path) -> None:
    # 平潭综合实验区 2020's preamble (official-format.md §preambles), in a 2023 report.
    cited = (
        "根据《中华人民共和国政府信息公开条例》、《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
        "（国办公开办函〔2019〕60号）要求，我区编制完成了本报告。"
    )
    src = project(tmp_path, {"r": (rst(sections(one=cited)), data(year=2023))})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.citation]" in found
    assert (
        "正文引用了「国办公开办函〔2019〕60号」" in found and "而2023年度报告适用" in found and "〔2021〕30号" in found
    )


def test_wrong_year_fails_and_last_years_events_pass(tmp_path: Path) -> None:
    """Last year's real sentence kept in this year's report (沭阳 2025 text in a 2026 report)."""
    kept = "2025 年，累计开展办前主动沟通 49 次，成功推动化解各类争议纠纷 33 件。"
    fine = "2025年结转的3件申请已全部办结。较2025年，公开形式更加丰富。"
    yaml = data(year=2026, new="[3, 0, 0, 0, 0, 0]", carried="[3, 0, 0, 0, 0, 0]", disclosed="[6, 0, 0, 0, 0, 0]")
    src = project(tmp_path / "a", {"r": (rst(sections(one=kept)), yaml)})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.wrong-year]" in found and "r.rst:9:" in found
    assert "把 2025 年写成了本年度，而本报告是 2026 年度报告" in found
    src = project(tmp_path / "b", {"r": (rst(sections(one=fine)), yaml)})
    status, output = build(src)
    assert status == 0, output


# -- deadlines ----------------------------------------------------------------


def test_late_publication_fails_and_deadline_is_printed(tmp_path: Path) -> None:
    yaml = data(agency="某县人民政府", extra="level: 县\npublished: 2026-02-25\nagency_kind: 部门\n")
    src = project(tmp_path, {"r": (rst(sections()), yaml)})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "r.yaml:11:" in found and "[gov-report.deadline]" in found
    assert "发布日期 2026年2月25日 晚于法定发布期限 2026年2月20日（县）5 天" in found
    assert "某县人民政府2025年度报告的法定发布期限：2026年2月20日前（县" in output


def test_deadline_approaching_is_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today = dt.datetime(2026, 1, 27, 12, tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(today.timestamp())))
    src = project(tmp_path, {"r": (rst(sections()), data(extra="level: 部门\n"))})
    status, output = build(src)
    assert status == 0, output
    assert "提示[gov-report.deadline]：距法定发布期限 2026年1月31日（部门）还有 4 天" in output
    assert (
        "测试局2025年度报告的法定发布期限：2026年1月31日前（部门，依据《中华人民共和国政府信息公开条例》第四十九条）"
        in output
    )


# -- strict publishing and acknowledgements ---------------------------------


def test_strict_publishing_fails_a_new_project_with_placeholders(tmp_path: Path) -> None:
    dest = tmp_path / "report"
    assert run("new", dest, "--agency", "测试市测试局", "--year", "2023").returncode == 0
    status, output = build(dest)
    assert status == 0, output  # an ordinary build: notices only
    assert "提示[gov-report.content]" in output
    make = ["make", "publish", f"SPHINXBUILD={sys.executable} -m sphinx"]
    result = subprocess.run(make, cwd=dest, capture_output=True, text=True, check=False)
    published = _ANSI.sub("", result.stdout + result.stderr)
    assert result.returncode != 0
    found = warnings(published)  # (Sphinx < 8 does not print the [gov-report.content] type without show_warning_types)
    assert found and all("（严格发布模式：发布前必须处理）" in w for w in found), published
    assert any("仍是待填写的占位内容" in w for w in found)
    assert any("「五、存在的主要问题及改进情况」没有内容" in w for w in found)
    # the generated conf.py also reads GOV_REPORT_STRICT (for CI)
    env = {**os.environ, "GOV_REPORT_STRICT": "1"}
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-W", str(dest), str(tmp_path / "ci")]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode != 0 and "（严格发布模式：发布前必须处理）" in result.stderr


STOCK_2021 = """\
format: "2021"
agency: 某县某局
year: 2021
active:
  regulations: [0, 0, 10]
applications: {}
"""


def test_acknowledged_stock_exception_passes_with_a_summary_line(tmp_path: Path) -> None:
    ack = "acknowledgements:\n  - rule: stock\n    cell: active.regulations.in_force\n    reason: 经清理重新统计\n"
    yaml = STOCK_2021.replace("year: 2021", "year: 2022").replace("[0, 0, 10]", "[1, 0, 3]") + "previous: last.yaml\n"
    files = {"last.yaml": STOCK_2021}
    # without the acknowledgement: a notice, an error in strict mode
    src = project(tmp_path / "a", {"r": (rst(sections(six="本年度未收取信息处理费。")), yaml)}, files=files)
    status, output = build(src, "-D", "gov_report_strict=1")
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.stock]" in found and "r.yaml:5:" in found and "（严格发布模式：发布前必须处理）" in found
    # acknowledged: no warning even in strict mode, and a line in the summary
    src = project(tmp_path / "b", {"r": (rst(sections()), yaml + ack)}, files=files)
    status, output = build(src, "-D", "gov_report_strict=1")
    assert status == 0, output
    assert (
        "已说明的例外：「二、主动公开政府信息情况 / 第二十条第（一）项 / 规章 / 现行有效件数」（stock）：经清理重新统计"
        in output
    )
    assert "r.yaml（某县某局2022年度报告）：0 个错误，0 个提示" in output
    # an acknowledgement that matches nothing warns
    fixed = yaml.replace("[1, 0, 3]", "[1, 0, 11]")
    src = project(tmp_path / "c", {"r": (rst(sections()), fixed + ack)}, files=files)
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.acknowledgement]" in found and "r.yaml:9:" in found
    assert "没有对应的检查结果" in found


# -- headings -----------------------------------------------------------------


def test_long_official_headings_are_accepted_with_a_notice(tmp_path: Path) -> None:
    """Headings as 沭阳县人民政府 2025 wrote them (the notice's own wording); misspellings stay errors."""
    long_five = "五、政府信息公开工作存在的主要问题及改进情况"
    parts = sections(htwo="二、行政机关主动公开政府信息情况", hfive=long_five, five=SHUYANG_FIVE + OVERSIGHT)
    src = project(tmp_path / "a", {"r": (rst(parts), data())})
    status, output = build(src)
    assert status == 0, output
    assert f"提示[gov-report.heading-wording]：标题「{long_five}」是格式通知中的完整表述，可以使用" in output
    # 沭阳县发展和改革局 2023 (shuyang-fgj-2023.html): 「五、存在的主要问题及整改措施」
    src = project(tmp_path / "b", {"r": (rst(sections(hfive="五、存在的主要问题及整改措施")), data())})
    status, output = build(src)
    assert status != 0
    (found,) = warnings(output)
    assert "[gov-report.headings]" in found and "应为「五、存在的主要问题及改进情况」" in found
