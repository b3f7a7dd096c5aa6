"""Reading numbers and trees the quick way changes nothing (issue 15): counts and amounts at the edges of
what is read without its checks, rules skipped for blank cells of last year's report, and the located tree
and refusals the same with libyaml and with the pure-Python parser."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import official as o
import pytest
import yaml

from sphinx_gov_report.core import yamltree
from sphinx_gov_report.core.diagnostics import Level, Subtype
from sphinx_gov_report.core.reader import load_bytes
from sphinx_gov_report.core.rules import validate_file

HEAD = "format: 2021\nagency: 测试局\nyear: 2021\n"  # lines 1-3
NEW_NATURAL = f"{o.NEW} / {o.NATURAL}"


def _load(body: str) -> tuple[dict, list]:
    loaded = load_bytes((HEAD + body).encode("utf-8"), "r.yaml")
    assert loaded.report is not None
    return loaded.report.cells, [(i.subtype, i.message, i.line, i.column) for i in loaded.issues]


@pytest.mark.parametrize(
    ("written", "value"),
    [("0", 0), ("7", 7), ("999999999", 999_999_999), ("+5", 5), ("00", None), ("1000000000", None)],
)
def test_counts_at_the_edge_of_the_plain_form(written: str, value: int | None) -> None:
    cells, issues = _load(f"applications:\n  new: [{written}, 0, 0, 0, 0, 0]\n")
    cell = cells[("applications", "new", "natural")]
    if value is not None:
        assert issues == []
        assert (cell.value, type(cell.value), cell.line, cell.column, cell.given) == (value, int, 5, 9, True)
    else:
        assert cell.given is False  # not read: an omitted zero
        assert [i[0] for i in issues] == [Subtype.VALUE]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1000000000", f"「{NEW_NATURAL}」数值过大（上限 999999999）：1000000000"),
        ("0012", f"「{NEW_NATURAL}」的数字「0012」以 0 开头，YAML 1.1 会把它当作八进制数；请写作 12"),
        ("'5'", f"「{NEW_NATURAL}」应为数字，实际是带引号的文字「5」；请去掉引号"),
        ("-1", f"「{NEW_NATURAL}」不能为负数（实际为 -1）"),
        ("1.5", f"「{NEW_NATURAL}」应为整数件数，实际为小数「1.5」"),
        ("１２", f"「{NEW_NATURAL}」使用了全角数字「１２」，请改为半角数字 12"),
        ("yes", f"「{NEW_NATURAL}」应为件数，实际为「yes」（会被当作“是/否”）；没有请填 0"),
    ],
)
def test_counts_not_in_the_plain_form_get_their_message(written: str, message: str) -> None:
    _cells, issues = _load(f"applications:\n  new: [{written}, 0, 0, 0, 0, 0]\n")
    assert issues == [(Subtype.VALUE, message, 5, 9)]


FEE = "信息处理费（元）"  # the reader's name of processing_fee


@pytest.mark.parametrize(
    ("written", "value", "message"),
    [
        ("24252.311082", Decimal("24252.311082"), None),
        ("'12.5'", Decimal("12.5"), None),  # an amount may be quoted
        ("0", Decimal(0), None),
        ("1" * 20 + ".123", Decimal("1" * 20 + ".123"), None),  # 24 characters
        ("1" * 25, None, f"「{FEE}」数字过长（最多 24 位）：{'1' * 25}"),
        ("1,234.5", None, f"「{FEE}」的金额「1,234.5」请不要使用千位分隔符，写作 1234.5"),
        ("-3", None, f"「{FEE}」不能为负数（实际为 -3）"),
        ("1.5e3", None, f"「{FEE}」应为金额数字（如 24252.311082），实际为「1.5e3」"),
    ],
)
def test_amounts_at_the_edge_of_the_plain_form(written: str, value: Decimal | None, message: str | None) -> None:
    loaded = load_bytes(f"{HEAD}processing_fee: {written}\n".encode(), "r.yaml")
    assert loaded.report is not None
    fee = loaded.report.processing_fee
    assert (fee, type(fee) if fee is not None else None) == (value, Decimal if value is not None else None)
    assert [(i.message, i.line, i.column) for i in loaded.issues] == ([] if message is None else [(message, 4, 17)])


def test_table_amounts_keep_their_digits() -> None:
    cells, issues = _load("active:\n  fees: 12.345600\n")
    cell = cells[("active", "fees", "amount")]
    assert issues == []
    assert (str(cell.value), cell.line, cell.column) == ("12.345600", 5, 9)


def test_blank_cells_of_last_year_leave_only_their_columns_unchecked(tmp_path: Path) -> None:
    (tmp_path / "2021.yaml").write_text(
        HEAD + "applications:\n  new: [3, 1, 0, 0, 0, 0]\n  carried_forward: [~, 1, 0, 0, 0, 0, ~]\n", "utf-8"
    )
    this = tmp_path / "2022.yaml"
    this.write_text(
        "format: 2021\nagency: 测试局\nyear: 2022\nprevious: 2021.yaml\n"
        "applications:\n  carried_over: [5, 2, 0, 0, 0, 0]\n  results:\n    disclosed: [5, 2, 0, 0, 0, 0]\n",
        "utf-8",
    )
    report, issues = validate_file(str(this), str(tmp_path))
    assert report is not None
    # 自然人 and 总计 were printed blank last year: not compared; 商业企业 is: 1 carried forward, 2 carried over
    assert [(i.subtype, i.level, i.line, i.message) for i in issues] == [
        (
            Subtype.CARRY_OVER,
            Level.ERROR,
            6,
            f"「{o.CARRIED_OVER} / 商业企业」为 2，但上一年度报告「{o.CARRIED_FORWARD} / 商业企业」为 1",
        )
    ]


# -- libyaml and the pure-Python parser ------------------------------------------------------------


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    fast = load_bytes(data, "x.yaml")
    with monkeypatch.context() as m:
        m.setattr(yamltree, "_Loader", yaml.SafeLoader)
        slow = load_bytes(data, "x.yaml")
    if fast.report is not None and slow.report is not None:
        assert fast.report == slow.report
    else:
        assert fast.report is slow.report is None
    return fast.issues, slow.issues


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            "agency: 甲\nyear: 2021\nagency: 乙\n",
            "「报告数据」下的键「agency」重复（第 1 行已出现）；只能保留一个，请删除或合并重复的一项",
            3,
            1,
        ),
        ("agency: &x 甲\n", "不支持 YAML 锚点和别名（&锚点），请直接写出数值", 1, 9),
        ("agency: 甲\nyear: *x\n", "不支持 YAML 锚点和别名（*引用），请直接写出数值", 2, 7),
        (
            "agency: 甲\nyear: !!int 2021\n",
            "不支持 YAML 标签「tag:yaml.org,2002:int」：请删除它，直接写出数值或文字",
            2,
            7,
        ),
        ("agency: 甲\n---\nyear: 2021\n", "一个文件只能包含一份报告（发现多个 YAML 文档）", 2, 1),
        ("a: " + "[" * 13 + "]" * 13 + "\n", "嵌套层次过深：最多 12 层", 1, 15),  # the 12th bracket: depth 13
        ('agency: "\\0甲"\n', "此项内容含有不允许的控制字符 U+0000（空字符）", 1, 9),
        ("agency: " + "甲" * 10001 + "\n", "文字过长：一项内容最多 10000 个字符", 1, 9),
    ],
)
def test_refusals_are_the_same_with_either_parser(
    text: str, message: str, line: int, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(text.encode("utf-8"), monkeypatch)
    assert fast == slow
    refused = [i for i in fast if i.subtype is Subtype.YAML]
    assert len(refused) == 1
    assert refused[0].message.startswith(message)
    assert (refused[0].line, refused[0].column) == (line, column)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("agency: 甲\nactive:\n\tlicensing: 1\n", 3, 1),  # a tab
        ("agency: 甲\n year: 2021\n  x: 1\n", 2, 6),  # bad indentation
        ('agency: "甲\u2028乙"\nyear: 2021\nactive: [1, 2\n', 3, 9),  # after a U+2028 in a value: the bracket
    ],
)
def test_syntax_errors_are_located_alike_by_either_parser(
    text: str, line: int, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(text.encode("utf-8"), monkeypatch)
    assert [(i.subtype, i.line, i.column) for i in fast] == [(i.subtype, i.line, i.column) for i in slow]
    assert [(i.subtype, i.line, i.column) for i in fast] == [(Subtype.YAML, line, column)]


def test_a_generated_report_reads_the_same_with_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import report_yaml

    text, _forward = report_yaml(7, 2022, [1, 0, 2, 0, 0, 1], {}, seed=5)
    fast, slow = _both(text.encode("utf-8"), monkeypatch)
    assert fast == slow == []


def test_the_tree_of_a_generated_report_is_the_same_with_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import report_yaml

    text, _forward = report_yaml(3, 2019, [0] * 6, {}, seed=9)
    fast, fast_issues = yamltree.parse(text, "x.yaml")
    monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    slow, slow_issues = yamltree.parse(text, "x.yaml")
    assert fast == slow and fast_issues == slow_issues == []
    assert isinstance(fast, yamltree.YMap)
    assert (fast.items["applications"][0].line, fast.items["applications"][1].line) == (15, 16)


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import types

    from sphinx_gov_report.core import reader

    path = tmp_path / "r.yaml"
    path.write_text(HEAD + "processing_fee: 12.5\n", encoding="utf-8")
    real = os.stat(path)

    class GrownSince:  # os, but the size taken before the last line was written
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def stat(target: object) -> object:
            return types.SimpleNamespace(st_size=len(HEAD), st_mtime_ns=real.st_mtime_ns)

    monkeypatch.setattr(reader, "os", GrownSince())
    loaded = reader.load_report(str(path))
    assert loaded.issues == [] and loaded.report is not None
    assert (loaded.report.agency, loaded.report.processing_fee) == ("测试局", Decimal("12.5"))
