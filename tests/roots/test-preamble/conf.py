extensions = ["sphinx_gov_report"]
language = "zh_CN"
exclude_patterns = ["_build"]
