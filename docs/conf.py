"""sphinx-gov-report 文档 —— 用本扩展自身构建。"""

import sphinx_gov_report

project = "sphinx-gov-report"
author = "sphinx-gov-report developers"
copyright = "2026，sphinx-gov-report developers"
version = release = sphinx_gov_report.__version__
language = "zh_CN"

extensions = ["sphinx_gov_report"]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "units"]

# 文档中的地区示例（见 region.rst）：units/、units.yaml、summary/；页面生成到 region/。
gov_region_name = "某某县"
html_theme = "sphinx_rtd_theme"
html_title = "sphinx-gov-report 文档"
html_show_sourcelink = False
