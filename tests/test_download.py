"""The HTML build publishes each report's data as a JSON download linked from its page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from conftest import sphinx_build
from reportgen import write_reports
from test_cli import run


def linked_json(page: Path) -> tuple[str, dict]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = soup.select("p.gov-report-download a.gov-report-json")
    assert len(links) == 1
    href = links[0]["href"]
    target = Path(urljoin(page.as_uri(), href).removeprefix("file://"))
    return href, json.loads(target.read_text(encoding="utf-8"))


def test_example_page_links_its_data(example_src, tmp_path):
    out = tmp_path / "html"
    result = sphinx_build(example_src, out, "-W")
    assert result.returncode == 0, result.stderr
    href, doc = linked_json(out / "index.html")
    assert href == "_gov_report/data/2021.json"
    exported = json.loads(run("export", "data/2021.yaml", "--to", "json", cwd=example_src).stdout)
    assert doc == exported
    assert doc["reports"][0]["figures"]["主动公开信息"] == 266
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    paragraph = soup.select_one("p.gov-report-download")
    assert paragraph is not None and paragraph.get_text() == "本报告数据下载：2021.json（JSON 格式，含自动计算的总计）"
    # The link closes the report, after section 六; the preamble stays next to the report's prose.
    last = paragraph.find_previous_sibling("section")
    assert last is not None and last.find("h2").get_text().startswith("六、其他需要报告的事项")
    assert paragraph.find_next_sibling() is None


def test_links_from_nested_pages_and_other_builders(tmp_path):
    src = tmp_path / "src"
    write_reports(src / "data", 2)  # 2019 and 2020 of one agency
    conf = 'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nsuppress_warnings = ["gov-report.headings"]\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text("报告\n====\n\n.. toctree::\n\n   reports/a\n   reports/b\n", encoding="utf-8")
    (src / "reports").mkdir()
    for name, path in (("a", "/data/2019/0000.yaml"), ("b", "../data/2020/0000.yaml")):
        (src / "reports" / f"{name}.rst").write_text(f"{name}\n====\n\n.. gov-report:: {path}\n", encoding="utf-8")
    for builder, page in (("html", "reports/a.html"), ("dirhtml", "reports/a/index.html")):
        out = tmp_path / builder
        result = sphinx_build(src, out, "-W", builder=builder)
        assert result.returncode == 0, result.stderr
        href, doc = linked_json(out / page)
        assert href.endswith("_gov_report/data/2019/0000.json") and href.startswith("../")
        (rec,) = doc["reports"]
        assert (rec["source"], rec["year"], rec["format"]) == ("data/2019/0000.yaml", 2019, "2019")
        _href, doc_b = linked_json(out / page.replace("a", "b"))
        assert (
            doc_b["reports"][0]["applications"]["carried_over"] == doc["reports"][0]["applications"]["carried_forward"]
        )
    out = tmp_path / "singlehtml"
    assert sphinx_build(src, out, "-W", builder="singlehtml").returncode == 0
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select("a.gov-report-json")]
    assert hrefs == ["_gov_report/data/2019/0000.json", "_gov_report/data/2020/0000.json"]
    assert all((out / h).is_file() for h in hrefs)
    out = tmp_path / "text"
    assert sphinx_build(src, out, "-W", builder="text").returncode == 0
    text = (out / "reports" / "a.txt").read_text(encoding="utf-8")
    assert "本报告数据下载" not in text and ".json" not in text
    assert not (out / "_gov_report").exists()


def test_download_can_be_switched_off(example_src, tmp_path):
    conf = example_src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\ngov_report_json_download = False\n", encoding="utf-8")
    out = tmp_path / "html"
    assert sphinx_build(example_src, out, "-W").returncode == 0
    assert "gov-report-download" not in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "_gov_report").exists()
    shutil.rmtree(out)


def test_no_stale_json_after_the_data_breaks_or_the_download_is_switched_off(example_src, tmp_path):
    out = tmp_path / "html"
    assert sphinx_build(example_src, out, "-W").returncode == 0
    published = out / "_gov_report" / "data" / "2021.json"
    assert published.is_file()
    data = example_src / "data" / "2021.yaml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("licensing: 0", "licensing: 十二"), encoding="utf-8")  # unreadable cell
    assert sphinx_build(example_src, out).returncode == 0
    assert not published.exists()  # the old numbers are not left online
    data.write_text(good, encoding="utf-8")
    assert sphinx_build(example_src, out, "-W").returncode == 0
    assert published.is_file()
    conf = example_src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\ngov_report_json_download = False\n", encoding="utf-8")
    assert sphinx_build(example_src, out, "-W").returncode == 0
    assert not (out / "_gov_report").exists()


#: Runs sphinx-build in a fresh process, counting the YAML files the extension parses.
COUNTING_BUILD = """
import sys
import sphinx_gov_report.core.reader as reader
parsed = []
original = reader.parse
def parse(text, path, *args, **kwargs):
    parsed.append(path)
    return original(text, path, *args, **kwargs)
reader.parse = parse
from sphinx.cmd.build import main
status = main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print("PARSED", len(parsed), status)
"""


def _counting_build(src: Path, out: Path) -> int:
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", COUNTING_BUILD, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("PARSED"))
    _word, count, status = line.split()
    assert status == "0", done.stderr
    return int(count)


def test_a_rebuild_without_changes_parses_no_yaml_and_rewrites_only_changed_json(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\n', encoding="utf-8")
    paths = write_reports(src / "data", 6, years=1)  # six agencies, not linked year to year
    lines = ["报告", "====", "", ".. toctree::", ""]
    for i, path in enumerate(paths):
        name = f"r{i}"
        rel = path.relative_to(src).as_posix()
        (src / f"{name}.rst").write_text(f"报告{i}\n=====\n\n.. gov-report:: {rel}\n", encoding="utf-8")
        lines.append(f"   {name}")
    (src / "index.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "html"
    assert _counting_build(src, out) >= len(paths)  # the first build reads every data file
    written = {p: p.stat().st_mtime_ns for p in (out / "_gov_report").rglob("*.json")}
    assert len(written) == len(paths)
    assert _counting_build(src, out) == 0  # nothing changed: no YAML is parsed, no JSON rewritten
    assert {p: p.stat().st_mtime_ns for p in written} == written
    # one report changes: only its page's data is read again, only its JSON is written
    changed = paths[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("agency: 测试", "agency: 改名测试", 1), "utf-8")
    assert _counting_build(src, out) == 1  # its page is read again; the JSON step reads nothing more
    after = {p: p.stat().st_mtime_ns for p in written}
    assert [p for p in written if after[p] != written[p]] == [
        out / "_gov_report" / changed.relative_to(src).with_suffix(".json")
    ]
    data = json.loads((out / "_gov_report" / changed.relative_to(src).with_suffix(".json")).read_text("utf-8"))
    assert data["reports"][0]["agency"].startswith("改名测试")
