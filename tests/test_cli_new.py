"""``sphinx-gov-report new``: a project that builds with -W at once (a carried-over one: but for the copied text)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import official as o
import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build
from test_cli import LINE, run

from sphinx_gov_report.core import schema
from sphinx_gov_report.core.reader import load_report

#: A key line of a generated data file (also commented out), with its trailing comment if any.
KEY_LINE = re.compile(r"^(?P<indent> *)(?:# )?(?P<key>[a-z_]+):[^#\n]*(?:#\s*(?P<comment>.+?))?\s*$")


def commented_keys(data: str) -> list[tuple[tuple[str, ...], str]]:
    """The key lines of tables 二, 三 and 四 in a generated data file: (key path, comment), in file order."""
    out, path = [], []
    for line in data.splitlines():
        m = KEY_LINE.match(line)
        if not m:
            continue
        path = [*path[: len(m["indent"]) // 2], m["key"]]
        if path[0] in ("active", "applications", "appeals") and m["comment"]:
            comment = m["comment"]
            if path == ["applications", "results", "total"]:  # commented out: computed when omitted
                comment = comment.removesuffix("（自动计算，可省略）")
            out.append((tuple(path), comment))
    return out


def official_comments(version: str) -> list[tuple[tuple[str, ...], str]]:
    """What ``commented_keys`` should find: every row (and row group) with its official label, in official order."""
    out = [(("active", key), label) for block in o.ACTIVE[version] for key, label in block.rows]
    for row in o.application_rows(version):
        for depth in range(1, len(row.key)):  # the group lines: 三、本年度办理结果, （三）不予公开 …
            group = (("applications", *row.key[:depth]), row.labels[depth - 1])
            if group not in out:
                out.append(group)
        out.append((("applications", *row.key), row.labels[-1]))
    out += [(("appeals", key), " / ".join(labels)) for key, labels in o.APPEAL_PARTS]
    return out


def assert_official_comments(data: str, version: str) -> None:
    """Every block, row and column of the format is labelled in a comment, in official wording and order."""
    assert commented_keys(data) == official_comments(version)
    lines = data.splitlines()
    blocks = [line.strip() for line in lines if line.startswith("  # 第二十条")]
    assert blocks == [f"# {b.title}（依次为：{'、'.join(b.columns)}）" for b in o.ACTIVE[version]]
    columns = [line.split("：", 1)[1].split("；", 1)[0] for line in lines if line.startswith("# 每行依次为：")]
    assert columns == ["、".join(o.labels(o.APPLICANT_COLUMNS)[:-1]), "、".join(o.labels(o.OUTCOMES)[:-1])]
    headings = [line[2:] for line in lines if line.startswith("# ") and line[2:] in o.HEADINGS]
    assert headings == list(o.HEADINGS[1:4])


def build_ok(src: Path, tmp_path: Path, builder: str = "html") -> Path:
    out = tmp_path / f"out-{src.name}-{builder}"
    result = sphinx_build(src, out, "-W", "--keep-going", "-E", builder=builder)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def build_carried(src: Path, tmp_path: Path) -> Path:
    """A project made with ``--from``: while its prose carried over from last year is marked
    「【待修改】」 it builds with -W (the copying is a notice), and a publishing build (strict,
    ``-t publish``) refuses it until the text is rewritten."""
    out = tmp_path / f"out-{src.name}-html"
    result = sphinx_build(src, out, "-W", "--keep-going", "-E")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "与上一年度报告重复约" in output  # said, as a notice
    strict = sphinx_build(src, tmp_path / f"strict-{src.name}", "-W", "--keep-going", "-E", "-t", "publish")
    assert strict.returncode != 0 and "【待修改】" in strict.stderr, strict.stderr
    return out


def cell(soup: BeautifulSoup, key: str) -> str:
    found = soup.find(attrs={"data-key": key})
    assert found is not None, key
    return found.get_text()


@pytest.fixture
def last_year(example_src: Path) -> Path:
    """The example project with non-zero 结转下年度继续办理 and 现行有效件数, a website and contacts."""
    data = example_src / "data" / "2021.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        "year: 2021                         # 年度（统计期限默认为当年1月1日至12月31日）\n",
        "year: 2021\nwebsite: {name: 富阳区人民政府门户网站, url: 'http://www.fuyang.gov.cn'}\n"
        "contact:\n  organization: 春江街道党政办\n  address: 富阳区春江路1号\n  postcode: '311401'\n"
        "  phone: 0571-63100000\n  email: cj@example.gov.cn\n",
    )
    text = text.replace("  regulations:          [0, 0, 0]", "  regulations:          [1, 0, 3]")
    text = text.replace("  normative_documents:  [0, 0, 0]", "  normative_documents:  [2, 1, 7]")
    text = text.replace(
        "applications: {}",
        "applications:\n  new: [4, 1, 0, 0, 0, 2]\n  results:\n    disclosed: [2, 0, 0, 0, 0, 1]\n"
        "  carried_forward: [2, 1, 0, 0, 0, 1]",
    )
    assert text.count("[1, 0, 3]") == 1 and "carried_forward" in text
    data.write_text(text, encoding="utf-8")
    assert run("validate", data).returncode == 0
    return example_src


def test_new_project_builds_at_once(tmp_path):
    dest = tmp_path / "report"
    result = run(
        "new",
        dest,
        "--agency",
        "测试市测试局",
        "--year",
        "2023",
        "--website-name",
        "测试市人民政府门户网站",
        "--website-url",
        "http://www.example.gov.cn",
        "--contact-organization",
        "测试局办公室",
        "--contact-phone",
        "010-12345678",
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert names == [
        ".gitignore",
        "Makefile",
        "conf.py",
        "data/2023.yaml",
        "data/report.schema.json",
        "index.rst",
        "make.bat",
    ]
    for name in names:
        assert name in result.stderr
    rst = (dest / "index.rst").read_text(encoding="utf-8")
    positions = [rst.index(f"\n{h}\n{'=' * (2 * len(h))}\n") for h in o.HEADINGS]
    assert positions == sorted(positions)
    assert ".. gov-report:: data/2023.yaml" in rst and "篇幅原则上不超过一千字" in rst
    assert [line for line in rst.splitlines() if line.startswith(".. gov-table::")] == [
        ".. gov-table:: 二",
        ".. gov-table:: 三",
        ".. gov-table:: 四",
    ]
    assert (dest / "make.bat").read_bytes().count(b"\r\n") > 20
    assert "\t@$(SPHINXBUILD) -M $@" in (dest / "Makefile").read_text(encoding="utf-8")
    assert (dest / "data" / "report.schema.json").read_text(encoding="utf-8") == schema.schema_text()
    data = (dest / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert data.startswith("# yaml-language-server: $schema=report.schema.json\n")
    assert_official_comments(data, "2021")
    report = load_report(str(dest / "data" / "2023.yaml")).report
    assert report is not None and report.agency == "测试市测试局" and report.year == 2023
    assert report.website_url == "http://www.example.gov.cn" and report.contact.phone == "010-12345678"
    assert run("validate", dest).returncode == 0
    out = build_ok(dest, tmp_path)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "测试市测试局2023年度政府信息公开工作年度报告" in html
    assert "本报告的电子版可在测试市人民政府门户网站（http://www.example.gov.cn）下载" in html
    assert "请与测试局办公室联系（电话：010-12345678）" in html


def test_new_2019_format_project_builds(tmp_path):
    dest = tmp_path / "old"
    assert run("new", dest, "--agency", "测试局", "--year", "2020").returncode == 0
    data = (dest / "data" / "2020.yaml").read_text(encoding="utf-8")
    assert 'format: "2019"' in data
    assert_official_comments(data, "2019")
    assert "other: [0, 0, 0, 0, 0, 0]" in data
    soup = BeautifulSoup((build_ok(dest, tmp_path) / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert cell(soup, "active.procurement.amount") == "0"


def test_new_from_last_year_carries_over(last_year, tmp_path):
    dest = tmp_path / "2022"
    result = run("new", dest, "--from", last_year)
    assert result.returncode == 0, result.stderr
    assert "previous/2021.yaml" in result.stderr and "previous/index.rst" in result.stderr
    report = load_report(str(dest / "data" / "2022.yaml"), str(dest)).report
    assert report is not None
    assert (report.agency, report.year, report.format) == ("富阳区人民政府春江街道办事处", 2022, "2021")
    assert (report.website_name, report.website_url) == ("富阳区人民政府门户网站", "http://www.fuyang.gov.cn")
    assert (report.contact.organization, report.contact.postcode) == ("春江街道党政办", "311401")
    assert (report.contact.phone, report.contact.email) == ("0571-63100000", "cj@example.gov.cn")
    carried = [report.value(("applications", "carried_over", c)) for c in ("natural", "commercial", "other", "total")]
    assert carried == [2, 1, 1, 4]
    assert report.value(("active", "regulations", "in_force")) == 3
    assert report.value(("active", "normative_documents", "in_force")) == 7
    assert report.value(("active", "normative_documents", "issued")) == 0
    assert report.value(("applications", "new", "total")) == 0
    assert report.previous.data == str(dest / "previous" / "2021.yaml")
    assert report.previous.text == str(dest / "previous" / "index.rst")
    assert (dest / "previous" / "index.rst").read_text(encoding="utf-8") == (last_year / "index.rst").read_text(
        encoding="utf-8"
    )
    # Last year's preamble template carries over with its setting.
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "gov_report_preamble_template = '_templates/gov-report-preamble.txt'" in conf
    assert '"previous"]' in conf
    # Validation (with the cross-year rules through ``previous``) and a -W build pass at once.
    validated = run("validate", dest / "data")
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    out = build_carried(dest, tmp_path)
    assert not (out / "previous").exists()
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert cell(soup, "applications.carried_over.natural") == "2"
    assert cell(soup, "applications.carried_over.total") == "4"
    assert cell(soup, "active.normative_documents.in_force") == "7"
    assert "编制富阳区人民政府春江街道办事处2022年度政府信息公开工作年度报告" in soup.get_text()
    # The cross-year link is live: a wrong 上年结转 is caught.
    data = dest / "data" / "2022.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("carried_over: [2, 1,", "carried_over: [3, 1,"), "utf-8")
    broken = run("validate", data)
    assert broken.returncode == 1
    subtypes = {LINE.match(line)["subtype"] for line in broken.stdout.splitlines()}  # type: ignore[index]
    assert "carry-over" in subtypes


def test_new_from_data_file_finds_the_document(last_year, tmp_path):
    dest = tmp_path / "from-yaml"
    assert run("new", dest, "--from", last_year / "data" / "2021.yaml", "--year", "2022").returncode == 0
    assert (dest / "previous" / "index.rst").is_file()
    assert (
        (dest / "previous" / "2021.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../data/report.schema.json\n")
    )
    build_carried(dest, tmp_path)


def test_new_from_a_project_created_by_new(last_year, tmp_path):
    """Two years on: last year's own ``previous`` link is disabled in the copy, so everything validates."""
    first, second = tmp_path / "2022", tmp_path / "2023"
    assert run("new", first, "--from", last_year).returncode == 0
    assert run("new", second, "--from", first).returncode == 0
    copy = (second / "previous" / "2022.yaml").read_text(encoding="utf-8")
    assert re.search(r"^# previous:$", copy, re.MULTILINE) and not re.search(r"^previous:", copy, re.MULTILINE)
    assert run("validate", second).returncode == 0
    assert load_report(str(second / "data" / "2023.yaml")).report.value(("applications", "carried_over", "total")) == 4  # type: ignore[union-attr]
    build_carried(second, tmp_path)


def test_new_refuses_to_overwrite(tmp_path):
    dest = tmp_path / "report"
    dest.mkdir()
    (dest / "index.rst").write_text("mine\n", encoding="utf-8")
    result = run("new", dest, "--agency", "测试局", "--year", "2022")
    assert result.returncode == 2
    assert f"refusing to overwrite: {dest / 'index.rst'}" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["index.rst"]
    assert (dest / "index.rst").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2022"], "请用 --agency 指定机关名称"),
        (["--agency", "x", "--year", "2020", "--format", "2021"], "2020年度报告应使用 2019 格式"),
        (["--from", "no-such-project"], "找不到上一年度报告"),
        (["--agency", "x", "--year", "abc"], "invalid int value"),
    ],
)
def test_new_usage_errors(args, message, tmp_path):
    result = run("new", tmp_path / "p", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "p").exists()


def test_new_from_project_with_two_reports_asks_for_the_file(last_year, tmp_path):
    (last_year / "other.rst").write_text("其他\n====\n\n.. gov-report:: data/other.yaml\n", encoding="utf-8")
    result = run("new", tmp_path / "p", "--from", last_year)
    assert result.returncode == 2
    assert "中有多份报告" in result.stderr


@pytest.mark.parametrize(
    ("agency", "shown"),
    [
        ("某局<script>", "（<、>）"),
        ("某局<b>", "（<、>）"),
        ("某\x07局", "（U+0007）"),
        ("某局\n</title>", "（U+000A、<、>）"),
        ("某局\u2028", "（U+2028）"),
        ("某\u200b局", "（U+200B）"),
    ],
)
def test_new_refuses_markup_and_control_characters_in_the_agency(agency, shown, tmp_path):
    result = run("new", tmp_path / "p", "--agency", agency, "--year", "2022")
    assert result.returncode == 2
    assert "机关名称不能含尖括号 < >、控制字符或不可见字符" in result.stderr
    assert shown in result.stderr
    assert not (tmp_path / "p").exists()


def test_new_writes_safe_python_literals_into_conf_py(tmp_path):
    """Quotes, backslashes and triple quotes in the name stay data: conf.py parses and says exactly the name."""
    agency = '某局\'"""\\n\\\\ & 办公室'
    dest = tmp_path / "p"
    assert run("new", dest, "--agency", agency, "--year", "2022").returncode == 0
    tree = ast.parse((dest / "conf.py").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: ast.literal_eval(node.value)  # type: ignore[attr-defined]
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    }
    assert values["project"] == f"{agency}2022年度政府信息公开工作年度报告"
    assert values["author"] == agency and values["copyright"] == f"2023，{agency}"
    assert (
        ast.get_docstring(tree)
        == f"{agency}2022年度政府信息公开工作年度报告 —— Sphinx 配置（由 sphinx-gov-report new 生成）。"
    )
    out = build_ok(dest, tmp_path)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    # html_title (= project, not smartquoted) ends the <title>, as text: nothing of it became markup.
    assert soup.title is not None and soup.title.get_text().endswith(f"{agency}2022年度政府信息公开工作年度报告")
