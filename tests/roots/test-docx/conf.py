extensions = ["sphinx_gov_report"]
language = "zh_CN"
project = "Word 输出测试"
author = "测试作者"
show_warning_types = True  # Sphinx 7.4 prints [type.subtype] only when asked

# The document is a fragment of a report: the checks on the six section headings and on
# section 六 do not apply to it (see docs/rules.rst).
suppress_warnings = ["gov-report.headings", "gov-report.fee-statement", "gov-report.content"]
