"""富阳区人民政府春江街道办事处 2021年度政府信息公开工作年度报告 —— Sphinx 配置。"""

project = "富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告"
author = "富阳区人民政府春江街道办事处"
copyright = "2022，富阳区人民政府春江街道办事处"
language = "zh_CN"

extensions = ["sphinx_gov_report"]

# 前言采用本报告原文的写法（模板路径相对于本目录）。
gov_report_preamble_template = "_templates/gov-report-preamble.txt"

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

html_theme = "sphinx_rtd_theme"
html_title = project
html_show_sourcelink = False
