"""Tolerant comparison of printed labels with the statute's.

A printed label is compared after :func:`canon` (full-width forms, whitespace, quotes,
``1、`` for ``1.``) and, to find its row, after :func:`core` (its numbering dropped).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d{1,2}(?:[.、,](?!\d)|\s))+")


@lru_cache(maxsize=4096)
def canon(text: str) -> str:
    """``text`` without the differences that are not misprints (width, spaces, quotes, 1、/1.)."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text).translate(_QUOTES)
    text = re.sub(r"(?<=\d)[、,](?!\d)", ".", text)
    text = re.sub(r"^([一二三四五六七八九十]+)[.,]", r"\1、", text)
    return text.replace("，", ",").replace("：", ":")


@lru_cache(maxsize=4096)
def core(text: str) -> str:
    """``canon(text)`` without its leading numbering (一、 （三） 1.)."""
    return _NUMBERING.sub("", canon(text))


@lru_cache(maxsize=16384)
def ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def similar(printed: str, official: str) -> float:
    """How close a printed heading or label is to the official one (0–1), numbering included."""
    return ratio(canon(printed), canon(official))
