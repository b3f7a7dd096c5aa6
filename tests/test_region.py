"""A region project end to end: ``new --region``, 30 units rolled up, status pages, incremental and parallel builds."""

from __future__ import annotations

import json
import os
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import sphinx_build
from regiongen import unit_yaml, write_units
from test_cli import run

#: Column keys of tables 三 and 四, transcribed from the official format (自然人 … 其他, then 总计).
APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
OUTCOMES = ("upheld", "corrected", "other", "pending")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def new_region(tmp_path: Path, name: str = "src") -> Path:
    src = tmp_path / name
    result = run("new", src, "--region", "某某县", "--year", "2025")
    assert result.returncode == 0, result.stderr
    return src


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def data_cells(page: BeautifulSoup, table: str) -> dict[str, str]:
    """The numbers of one statutory table on a page, by their data key."""
    found = page.select_one(f"table.gov-report-{table}")
    assert found is not None, table
    return {td["data-key"]: td.get_text() for td in found.select("td[data-key]")}


def expected_sums(files: list[Path]) -> dict[str, int]:
    """Tables 三 and 四 summed cell by cell from the YAML as a clerk reads it (PyYAML, not our reader)."""
    sums: dict[str, int] = {}

    def add(key: str, value: int) -> None:
        sums[key] = sums.get(key, 0) + value

    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        apps = data["applications"]
        rows: dict[str, list[int]] = {"new": apps["new"], "carried_over": apps["carried_over"]}
        results_total = [0] * 6
        for group, value in apps["results"].items():
            items = value.items() if isinstance(value, dict) else [(None, value)]
            for sub, numbers in items:
                rows[f"results.{group}" + (f".{sub}" if sub else "")] = numbers
                results_total = [a + b for a, b in zip(results_total, numbers, strict=True)]
        rows["results.total"] = results_total
        rows["carried_forward"] = apps["carried_forward"]
        for row, numbers in rows.items():
            for column, number in zip(APPLICANTS, numbers, strict=True):
                add(f"applications.{row}.{column}", number)
            add(f"applications.{row}.total", sum(numbers))
        for row, numbers in data["appeals"].items():
            for column, number in zip(OUTCOMES, numbers[:4], strict=True):
                add(f"appeals.{row}.{column}", number)
            add(f"appeals.{row}.total", sum(numbers[:4]))
    return sums


@pytest.fixture(scope="module")
def built30(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """A ``new --region`` project with 30 generated units (its sample unit removed), built with -W."""
    tmp = tmp_path_factory.mktemp("region30")
    src = new_region(tmp)
    for sample in (src / "units" / "2025").glob("示例部门.*"):
        sample.unlink()
    (src / "units.yaml").write_text(
        "units:\n" + "".join(f"  - {{name: 单位{i:04d}, kind: 部门, order: {100 - i}}}\n" for i in range(30)),
        encoding="utf-8",
    )
    write_units(src, 30)
    out = tmp / "html"
    result = sphinx_build(src, out, "-W")
    assert result.returncode == 0, result.stderr
    return src, out, result.stdout


def test_new_region_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    for name in ("conf.py", "index.rst", "units.yaml", "units/2025/示例部门.yaml", "units/2025/示例部门.rst",
                 "summary/2025.yaml", "summary/2025.rst", "Makefile"):  # fmt: skip
        assert (src / name).is_file(), name
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    unit = html(out / "region" / "2025" / "示例部门.html")
    assert unit.select_one("h1").get_text().startswith("某某县示例部门2025年度政府信息公开工作年度报告")
    assert set(data_cells(unit, "三").values()) == {"0"}
    status = html(out / "region" / "2025" / "index.html")
    assert "2025年度共 1 个单位报送，单位名单中应报 1 个，缺报 0 个" in status.get_text()
    # the user's files are untouched, the generated pages live in region/ only
    assert not (src / "units" / "2025" / "index.rst").exists()
    assert (src / "region" / ".sphinx-gov-report-generated").is_file()


def test_summary_tables_are_the_cell_sums_of_30_units(built30: tuple[Path, Path, str]) -> None:
    src, out, _status = built30
    files = sorted((src / "units" / "2025").glob("*.yaml"))
    assert len(files) == 30
    expected = expected_sums(files)
    page = html(out / "summary" / "2025.html")
    shown = {**data_cells(page, "三"), **data_cells(page, "四")}
    assert set(shown) == set(expected)
    for key, value in expected.items():
        assert shown[key] == str(value), key
    # 表二's amounts are exact decimals: the sum of the written amounts, digit for digit
    written = [re.search(r"^  fees: \[?([0-9.]+)\]?$", f.read_text(encoding="utf-8"), re.M) for f in files]
    fees = sum(Decimal(m.group(1)) for m in written if m)
    assert len(written) == 30 and all(written)
    assert data_cells(page, "二")["active.fees.amount"] == format(fees, "f")
    # the breakdown links every unit from the summary and lists each unit's figure of a row
    links = {a.get_text(): a["href"] for a in page.select("a.reference.internal") if a.get_text().startswith("单位")}
    assert len(links) == 30
    assert links["单位0007"] == "../region/2025/%E5%8D%95%E4%BD%8D0007.html"
    first_new = yaml.safe_load(files[0].read_text(encoding="utf-8"))["applications"]["new"]
    breakdown = next(
        c for c in page.select("details.gov-breakdown") if c.summary.get_text() == "一、本年新收政府信息公开申请数量"
    )
    row = next(tr for tr in breakdown.select("tbody tr") if tr.td.get_text() == "单位0000")
    assert [td.get_text() for td in row.select("td")[1:]] == [*map(str, first_new), str(sum(first_new))]


def test_aggregate_writes_the_same_numbers(built30: tuple[Path, Path, str], tmp_path: Path) -> None:
    src, out, _status = built30
    target = tmp_path / "sum.yaml"
    result = run("aggregate", src / "units" / "2025", "-o", target, "--agency", "某某县人民政府")
    assert result.returncode == 0, result.stderr
    expected = expected_sums(sorted((src / "units" / "2025").glob("*.yaml")))
    assert expected_sums([target]) == expected
    # and from the JSON downloads of the built site, as a 市 would sum its 县's sites
    downloads = sorted((out / "_gov_report" / "units" / "2025").glob("*.json"))
    assert len(downloads) == 30
    from_json = tmp_path / "sum-json.yaml"
    result = run("aggregate", *downloads, "-o", from_json, "--agency", "某某县人民政府")
    assert result.returncode == 0, result.stderr
    assert expected_sums([from_json]) == expected
    # never over an existing file
    again = run("aggregate", src / "units" / "2025", "-o", target, "--agency", "某某县人民政府")
    assert again.returncode == 2 and "未覆盖" in again.stderr


def test_status_page_lists_every_unit_with_key_figures_and_links(built30: tuple[Path, Path, str]) -> None:
    src, out, _status = built30
    page = html(out / "region" / "2025" / "index.html")
    table = page.select_one("table.gov-region-status")
    head = [th.get_text() for th in table.select("thead th")]
    assert head == [
        "单位",
        "类别",
        "报告",
        "正文",
        "数据错误",
        "提示",
        "新收",
        "予以公开",
        "办结",
        "复议",
        "诉讼",
        "链接",
    ]
    body = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [r[0] for r in body] == [f"单位{i:04d}" for i in reversed(range(30))]  # the registry's order
    data = yaml.safe_load((src / "units" / "2025" / "单位0003.yaml").read_text(encoding="utf-8"))
    row = next(r for r in body if r[0] == "单位0003")
    appeals = data["appeals"]
    assert row[1:6] == ["部门", "已报送", "无", "0", "1"]
    assert row[6] == str(sum(data["applications"]["new"]))
    assert row[7] == str(sum(data["applications"]["results"]["disclosed"]))
    assert row[9] == str(appeals["review"][4])
    assert row[10] == str(appeals["direct_suit"][4] + appeals["suit_after_review"][4])
    tr = next(tr for tr in table.select("tbody tr") if tr.td.get_text() == "单位0003")
    hrefs = [a["href"] for a in tr.select("a")]
    assert hrefs == [
        "%E5%8D%95%E4%BD%8D0003.html",
        "../../pdf/2025-单位0003.pdf",
        "../../_gov_report/units/2025/单位0003.json",
    ]
    assert json.loads((out / "_gov_report" / "units" / "2025" / "单位0003.json").read_text(encoding="utf-8"))
    # the index by unit links each unit's year
    by_unit = html(out / "region" / "units.html")
    assert len(by_unit.select("table.gov-region-units tbody tr")) == 30


def test_navigation_does_not_grow_with_the_units(built30: tuple[Path, Path, str]) -> None:
    _src, out, _status = built30
    page = html(out / "region" / "2025" / "单位0005.html")
    nav = page.select_one("div.wy-menu")
    assert "单位0006" not in nav.get_text()
    assert "2025年度" in nav.get_text()
    assert len(nav.select("a")) <= 4  # the region, its years and the index by unit: not the 30 units
    crumbs = page.select_one("div[role=navigation] ul.wy-breadcrumbs").get_text()
    assert "2025年度" in crumbs


def _reread(status: str) -> set[str]:
    status = _ANSI.sub("", status)
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))


def _later(path: Path) -> None:
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))


def _build(make_app, src: Path, **kwargs):
    app = make_app("html", srcdir=src, **kwargs)
    try:
        app.build()
        return app.status.getvalue(), app.warning.getvalue(), Path(app.outdir)
    finally:
        app.cleanup()


def test_editing_one_unit_rereads_its_page_the_summary_and_the_status(make_app, tmp_path: Path) -> None:
    src = new_region(tmp_path)
    write_units(src, 30)
    _build(make_app, src)
    status, _warnings, _out = _build(make_app, src)
    assert _reread(status) == set()
    unit = src / "units" / "2025" / "单位0003.yaml"
    data = unit.read_text(encoding="utf-8")
    old = yaml.safe_load(data)["applications"]["new"]
    new = [old[0] + 100, *old[1:]]
    unit.write_text(data.replace(f"new: {old}", f"new: {new}").replace(
        f"carried_forward: {yaml.safe_load(data)['applications']['carried_forward']}",
        f"carried_forward: {[yaml.safe_load(data)['applications']['carried_forward'][0] + 100, *yaml.safe_load(data)['applications']['carried_forward'][1:]]}",
    ), encoding="utf-8")  # fmt: skip
    _later(unit)
    status, warnings, out = _build(make_app, src)
    assert _reread(status) == {"region/2025/单位0003", "summary/2025", "region/2025/index"}
    assert "gov-report" not in warnings
    files = sorted((src / "units" / "2025").glob("*.yaml"))
    shown = data_cells(html(out / "summary" / "2025.html"), "三")
    assert shown["applications.new.natural"] == str(expected_sums(files)["applications.new.natural"])
    past = time.time() - 60
    os.utime(unit, (past, past))  # (it was dated in the future so that the edit was seen)
    # a unit added to the folder: its page, the year's status page and the summary are read, nothing else
    (src / "units" / "2025" / "单位0099.yaml").write_text(unit_yaml(99, 2025), encoding="utf-8")
    status, _warnings, out = _build(make_app, src)
    assert _reread(status) == {"region/2025/单位0099", "summary/2025", "region/2025/index", "region/units"}
    shown = data_cells(html(out / "summary" / "2025.html"), "三")
    files = sorted((src / "units" / "2025").glob("*.yaml"))
    assert shown["applications.new.total"] == str(expected_sums(files)["applications.new.total"])


def test_a_stated_summary_figure_that_differs_warns_and_names_the_units(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    write_units(src, 5)
    files = sorted((src / "units" / "2025").glob("单位*.yaml"))
    new = [yaml.safe_load(f.read_text(encoding="utf-8"))["applications"]["new"] for f in files]
    stated = [sum(col) for col in zip(*new, strict=True)]
    stated[0] -= new[2][0]  # 单位0002's 自然人 left out of the stated figure
    summary = src / "summary" / "2025.yaml"
    summary.write_text(summary.read_text(encoding="utf-8") + f"applications:\n  new: {stated}\n", encoding="utf-8")
    line = summary.read_text(encoding="utf-8").splitlines().index(f"  new: {stated}") + 1
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0
    warnings = [w for w in _ANSI.sub("", result.stderr).splitlines() if "gov-report.rollup" in w]
    assert len(warnings) == 1, result.stderr
    assert f"summary/2025.yaml:{line}:" in warnings[0]
    assert "「一、本年新收政府信息公开申请数量 / 自然人」" in warnings[0]
    assert "「单位0002」" in warnings[0] and "漏计" in warnings[0]
    # the page shows the sum, not the stated figure
    shown = data_cells(html(tmp_path / "out" / "summary" / "2025.html"), "三")
    assert shown["applications.new.natural"] == str(sum(n[0] for n in new))


def test_a_registry_unit_without_a_file_is_listed_as_missing(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    registry = src / "units.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "  - name: 某某镇\n    kind: 乡镇\n    deadline: 2026-01-31\n",
        encoding="utf-8",
    )
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0
    warnings = [w for w in _ANSI.sub("", result.stderr).splitlines() if "gov-report.region" in w]
    assert len(warnings) == 1, result.stderr
    assert "units.yaml:10:" in warnings[0] and "「某某镇」尚未报送 2025 年度报告" in warnings[0]
    page = html(tmp_path / "out" / "region" / "2025" / "index.html")
    rows = [[td.get_text() for td in tr.select("td")] for tr in page.select("table.gov-region-status tbody tr")]
    assert rows[-1][:3] == ["某某镇", "乡镇", "缺报"]
    assert "缺报 1 个" in page.get_text()
    assert sphinx_build(src, tmp_path / "out-w", "-W").returncode != 0


def test_cross_year_checks_find_last_years_file_by_name(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    (src / "units" / "2024").mkdir()
    last = unit_yaml(1, 2024)
    (src / "units" / "2024" / "单位0001.yaml").write_text(last, encoding="utf-8")
    (src / "units" / "2025" / "单位0001.yaml").write_text(unit_yaml(1, 2025), encoding="utf-8")
    forward = yaml.safe_load(last)["applications"]["carried_forward"]
    labels = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    column = next(i for i, n in enumerate(forward) if n)  # 2025 carried over 0 in every column
    result = sphinx_build(src, tmp_path / "out")
    lines = _ANSI.sub("", result.stderr).splitlines()
    carry = [w for w in lines if "gov-report.carry-over" in w]
    assert carry and all("units/2025/单位0001.yaml:" in w for w in carry), lines
    assert any(f"「四、结转下年度继续办理 / {labels[column]}」为 {forward[column]}" in w for w in carry)


def test_units_alike_are_reported(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    write_units(src, 3)
    folder = src / "units" / "2025"
    (folder / "单位0009.yaml").write_text(
        (folder / "单位0001.yaml").read_text(encoding="utf-8").replace("测试0001局", "测试0009局"), encoding="utf-8"
    )
    result = sphinx_build(src, tmp_path / "out")
    warnings = [w for w in _ANSI.sub("", result.stderr).splitlines() if "gov-report.region" in w]
    assert len(warnings) == 1, result.stderr
    assert "units/2025/单位0009.yaml:1:" in warnings[0] and "「单位0001」" in warnings[0] and "雷同" in warnings[0]


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    pages = {}
    for jobs in ("1", "2"):
        src = new_region(tmp_path, f"src{jobs}")
        write_units(src, 12)
        out = tmp_path / f"out{jobs}"
        result = sphinx_build(src, out, "-j", jobs, "-E")
        assert result.returncode == 0, result.stderr
        pages[jobs] = {
            p.relative_to(out).as_posix(): p.read_text(encoding="utf-8").replace(f"src{jobs}", "src")
            for p in out.rglob("*.html")
        }
    assert len(pages["1"]) >= 17
    assert pages["1"] == pages["2"]


def test_latex_documents_one_pdf_per_unit_and_summary(tmp_path: Path) -> None:
    from sphinx_gov_report.region import latex_documents

    src = new_region(tmp_path)
    write_units(src, 2)
    docs = latex_documents(str(src), "某某县")
    assert [d[:2] for d in docs] == [
        ("summary/2025", "2025-汇总.tex"),
        ("region/2025/单位0000", "2025-单位0000.tex"),
        ("region/2025/单位0001", "2025-单位0001.tex"),
        ("region/2025/示例部门", "2025-示例部门.tex"),
    ]


def test_a_user_folder_named_region_is_never_written(tmp_path: Path) -> None:
    src = new_region(tmp_path)
    (src / "region").mkdir()
    mine = src / "region" / "index.rst"
    mine.write_text("我的文件\n========\n", encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out")
    assert mine.read_text(encoding="utf-8") == "我的文件\n========\n"
    assert "gov-report.region" in result.stderr and "未写入任何页面" in result.stderr
