extensions = ["sphinx_gov_report"]
language = "zh_CN"
project = "多份报告"
exclude_patterns = ["_build"]
show_warning_types = True  # Sphinx 7.4 prints [type.subtype] only when asked
