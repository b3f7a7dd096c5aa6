"""The JSON Schema of the data file: generated from the template, committed, and right about real data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from reportgen import write_reports

from sphinx_gov_report.core import export, schema
from sphinx_gov_report.core import statute as template
from sphinx_gov_report.core.rules import validate_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DATA = ROOT / "example_project" / "data"
VALIDATOR = jsonschema.Draft7Validator(schema.build_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def errors(data: object) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(data)]


def test_committed_schema_is_the_generated_one():
    jsonschema.Draft7Validator.check_schema(schema.build_schema())
    assert schema.SCHEMA_FILE.read_text(encoding="utf-8") == schema.schema_text()
    # The example project's copy, which its data file's modeline names.
    assert (EXAMPLE_DATA / schema.SCHEMA_NAME).read_text(encoding="utf-8") == schema.schema_text()


def test_example_modeline_points_at_an_existing_schema():
    first = (EXAMPLE_DATA / "2021.yaml").read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match
    assert (EXAMPLE_DATA / match[1]).resolve() == (EXAMPLE_DATA / schema.SCHEMA_NAME).resolve()
    assert (EXAMPLE_DATA / match[1]).is_file()


def test_labels_for_editors():
    s = schema.build_schema()
    apps = s["definitions"]["applications_2021"]["properties"]
    row = apps["results"]["properties"]["withheld"]["properties"]["state_secret"]
    assert row["title"] == "1.属于国家秘密"
    array = next(form for form in row["anyOf"] if form.get("type") == "array")
    assert [item["title"] for item in array["items"]] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert array["items"][0]["description"] == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密 / 自然人"
    assert (array["minItems"], array["maxItems"]) == (6, 7)
    active = s["definitions"]["active_2021"]["properties"]
    assert active["fees"]["anyOf"][0]["title"] == "本年收费金额（单位：万元）"
    assert s["definitions"]["active_2019"]["properties"]["normative_documents"]["title"] == "规范性文件"
    # Every row of every format is there, under its key path, with its official label.
    for version, spec in template.FORMATS.items():
        for row in spec.applications_rows:
            node = s["definitions"][f"applications_{version}"]
            for part in row.key:
                node = node["properties"][part]
            assert node["title"] == row.labels[-1]


def test_example_and_test_data_validate():
    for path in (EXAMPLE_DATA / "2021.yaml", ROOT / "tests" / "roots" / "test-basic" / "data" / "report.yaml"):
        assert errors(schema.yaml_to_json(path.read_text(encoding="utf-8"))) == [], path


def test_generated_reports_validate_in_both_formats(tmp_path):
    paths = write_reports(tmp_path, 10)
    assert {validate_file(str(p), None, True)[0].format for p in paths} == {"2019", "2021"}  # type: ignore[union-attr]
    for path in paths:
        assert errors(schema.yaml_to_json(path.read_text(encoding="utf-8"))) == [], path


def test_export_records_are_valid_data(tmp_path):
    for path in write_reports(tmp_path, 5):
        report, issues = validate_file(str(path), None, True)
        assert report is not None and issues == []
        record = export.record(report, path.as_posix())
        del record["source"]
        assert errors(json.loads(json.dumps(record))) == []


BASE = {"agency": "测试局", "year": 2022}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"year": 2022}, "'agency' is a required property"),
        ({**BASE, "bogus": 1}, "Additional properties are not allowed ('bogus' was unexpected)"),
        ({**BASE, "applications": {"new": [1, 2, 3]}}, "is not valid under any of the given schemas"),
        ({**BASE, "applications": {"new": [1, -2, 0, 0, 0, 0]}}, "is not valid under any of the given schemas"),
        ({**BASE, "applications": {"new": {"natural": 1, "people": 2}}}, "is not valid under any of the given schemas"),
        ({**BASE, "applications": {"results": {"other": [0, 0, 0, 0, 0, 0]}}}, "is not of type 'object', 'null'"),
        ({**BASE, "active": {"procurement": [1, 2]}}, "('procurement' was unexpected)"),
        ({**BASE, "active": {"fees": "1,000"}}, "is not valid under any of the given schemas"),
        ({**BASE, "format": 2020}, "is not one of"),
        ({**BASE, "period": {"start": "2022-13-01"}}, "is not a 'date'"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(data, fragment):
    found = errors(data)
    assert found and any(fragment in e for e in found), found


@pytest.mark.parametrize(
    "data",
    [
        {**BASE, "active": {"fees": "24252.311082", "licensing": 3}},
        {**BASE, "active": {"fees": 24252.311082, "licensing": [3], "penalty": {"decisions": 2}}},
        {**BASE, "applications": {"new": [1, 0, 0, 0, 0, 0, 1], "results": {"withheld": {"state_secret": None}}}},
        {**BASE, "format": 2019, "year": 2020, "active": {"procurement": [1, "2.5"], "fees": [3, -1]}},
        {**BASE, "format": "2019", "year": 2020, "applications": {"results": {"other": [0, 0, 0, 0, 0, 0]}}},
        {**BASE, "previous": "../2021.yaml", "appeals": {"review": {"upheld": 1, "total": 1}}},
        {**BASE, "previous": {"data": "a.yaml", "text": "a.rst"}, "figures": {"条": 266, "金额": "1.5"}},
        {**BASE, "contact": {"postcode": 310000, "phone": "0571-1"}, "website": {"name": "网", "url": "http://x"}},
    ],
)
def test_schema_accepts_every_form_the_loader_accepts(data, tmp_path):
    assert errors(data) == []
