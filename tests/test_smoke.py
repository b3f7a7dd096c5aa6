"""A first end-to-end check that the test root builds cleanly."""

import pytest


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_basic_builds_without_warnings(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert '本年新收政府信息公开申请 <span class="gov-number">6</span> 件' in html
