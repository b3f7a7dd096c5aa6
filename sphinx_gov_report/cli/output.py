"""Where ``export -o`` and ``schema -o`` may write: never over the user's data.

Refused always: an output that is one of the input files, or that has a data file's
name (``*.yaml``, ``*.yml``).  An existing file is replaced only when it is
recognisably this tool's own earlier output (an export or the schema), or with
``--force``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from ..core import export, schema
from .common import UsageError

#: How many bytes of an existing file are read to recognise it.
_SNIFF = 1024 * 1024


def _is_own_output(path: str) -> bool:
    """Whether ``path`` holds an earlier export (JSON or CSV) or the schema written by this tool."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF + 1)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace")
    if text.startswith(",".join(export.csv_columns()[:4])):  # an earlier CSV export
        return True
    if len(head) > _SNIFF:
        return False
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    if not isinstance(doc, dict):
        return False
    ours = json.loads(schema.schema_text())
    return doc.get("layout") == export.LAYOUT or (
        doc.get("$schema") == ours["$schema"] and doc.get("title") == ours["title"]
    )


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.abspath(a) == os.path.abspath(b)


def check_output(output: str, inputs: Sequence[str], force: bool) -> None:
    """Raise :class:`UsageError` if writing ``output`` could destroy something the user wrote."""
    if "\x00" in output:
        raise UsageError("输出文件名含有空字符（NUL）/ the output file name contains a NUL")
    for source in inputs:
        if _same(output, source):
            raise UsageError(
                f"输出文件「{output}」就是输入的数据文件，已拒绝覆盖；请用 -o 指定另一个文件名"
                f" / refusing to overwrite an input file: {output}"
            )
    if output.lower().endswith((".yaml", ".yml")):
        raise UsageError(
            f"输出文件「{output}」的扩展名是 .yaml/.yml，与报告数据文件相同，已拒绝写入（以免覆盖或混入数据文件）；"
            f"请改用 .json 或 .csv / refusing to write a .yaml/.yml file: {output}"
        )
    if os.path.isdir(output):
        raise UsageError(f"输出路径「{output}」是一个目录 / the output is a directory: {output}")
    if os.path.isfile(output) and not force and not _is_own_output(output):
        raise UsageError(
            f"文件「{output}」已存在，且不是本工具先前的输出，未作任何改动；确需覆盖请加 --force"
            f" / refusing to overwrite {output} (use --force)"
        )
