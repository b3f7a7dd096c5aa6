extensions = ["sphinx_gov_report"]
language = "zh_CN"
project = "多份报告"
exclude_patterns = ["_build"]
