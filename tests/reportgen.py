"""Generated report data files: consistent random reports, chained year to year (tests and benchmarks)."""

from __future__ import annotations

import random
from pathlib import Path

from sphinx_gov_report.core import statute as template
from sphinx_gov_report.core.reader import result_rows

FIRST_YEAR = 2019


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def report_yaml(agency: int, year: int, carried: list[int], stock: dict[str, int], seed: int) -> tuple[str, list[int]]:
    """One report's YAML and its 结转下年度继续办理 per applicant column; ``stock`` (现行有效件数) is updated."""
    rng = random.Random(seed)
    fmt = template.expected_format(year)
    spec = template.FORMATS[fmt]
    ncols = len(spec.applications_columns) - 1
    lines = [
        f'format: "{fmt}"',
        f"agency: 测试{agency:04d}局",
        f"year: {year}",
        "website: {name: 测试市人民政府门户网站, url: 'http://www.example.gov.cn'}",
        f"contact: {{organization: 测试{agency:04d}局办公室, postcode: '100000', phone: 010-1234567{agency % 10}}}",
        "active:",
    ]
    for block, row in template.active_rows(spec):
        if fmt == "2021" and row.key[0] in ("regulations", "normative_documents"):
            issued = rng.randint(0, 10)
            repealed = rng.randint(0, stock.get(row.key[0], 0) + issued)
            stock[row.key[0]] = stock.get(row.key[0], 0) + issued - repealed
            lines.append(f"  {row.key[0]}: [{issued}, {repealed}, {stock[row.key[0]]}]")
            continue
        values = []
        for col in block.columns:
            key = ("active", *row.key, col.key)
            if col.key == "previous":  # 2019: last year's 上一年项目数量 + 本年增/减
                previous = stock.get(f"projects.{row.key[0]}", rng.randint(0, 40))
                change = rng.randint(-min(5, previous), 5)
                stock[f"projects.{row.key[0]}"] = previous + change
                values += [str(previous), str(change)]
            elif col.key == "change":
                continue
            elif key in spec.money_columns:
                values.append(f"{rng.randint(0, 30000)}.{rng.randint(0, 999999):06d}")
            elif key in spec.signed_columns:
                values.append(str(rng.randint(-5, 5)))
            else:
                values.append(str(rng.randint(0, 40)))
        lines.append(f"  {row.key[0]}: [{', '.join(values)}]")
    new = [rng.randint(0, 30) for _ in range(ncols)]
    forward = [rng.randint(0, n + c) for n, c in zip(new, carried, strict=True)]
    rows = result_rows(spec)
    done = [_split(rng, n + c - f, len(rows)) for n, c, f in zip(new, carried, forward, strict=True)]
    lines += ["applications:", f"  new: {new}", f"  carried_over: {carried}", "  results:"]
    opened: tuple[str, ...] = ()
    for i, row in enumerate(rows):
        groups = row.key[1:-1]
        if groups and groups != opened:
            lines.append(f"    {groups[0]}:")
        opened = groups
        indent = "    " + "  " * len(groups)
        lines.append(f"{indent}{row.key[-1]}: {[done[c][i] for c in range(ncols)]}")
    lines.append(f"  carried_forward: {forward}")
    lines.append("appeals:")
    for row in spec.appeals_rows:
        parts = [rng.randint(0, 3) for _ in range(4)]
        if parts[1] > parts[0]:  # 结果纠正 not above 结果维持 (a 纠错率 over 50% is a notice)
            parts[0], parts[1] = parts[1], parts[0]
        lines.append(f"  {row.key[0]}: [{', '.join(map(str, parts))}, {sum(parts)}]")
    lines.append(f"processing_fee: {rng.randint(0, 500)}.{rng.randint(0, 99):02d}")
    if year > FIRST_YEAR:
        lines.append(f"previous: ../{year - 1}/{agency:04d}.yaml")
    return "\n".join(lines) + "\n", forward


def write_reports(root: Path, count: int, years: int = 5, seed: int = 1) -> list[Path]:
    """``count`` report files under ``root/<year>/<agency>.yaml`` (``years`` per agency, linked by ``previous``)."""
    paths = []
    for agency in range(count // years + (1 if count % years else 0)):
        carried = [0] * 6
        stock: dict[str, int] = {}
        for offset in range(years):
            if len(paths) == count:
                return paths
            year = FIRST_YEAR + offset
            text, carried = report_yaml(agency, year, carried, stock, seed * 100003 + agency * 101 + year)
            path = root / str(year) / f"{agency:04d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths
