extensions = ["sphinx_gov_report"]
language = "zh_CN"
project = "测试局2021年度政府信息公开工作年度报告"
exclude_patterns = ["_build"]
show_warning_types = True
