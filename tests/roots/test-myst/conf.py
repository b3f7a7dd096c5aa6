# The example project (example_project/) written in MyST Markdown: same data, text and tables.
project = "富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告"
author = "富阳区人民政府春江街道办事处"
language = "zh_CN"

extensions = ["myst_parser", "sphinx_gov_report"]
source_suffix = {".md": "markdown"}
gov_report_preamble_template = "_templates/gov-report-preamble.txt"
templates_path = ["_templates"]
