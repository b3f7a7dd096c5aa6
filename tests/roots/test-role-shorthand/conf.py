extensions = ["sphinx_gov_report"]
language = "zh_CN"
exclude_patterns = ["_build"]

# A fragment of a report: the checks on the six section headings and on section 六 do not apply.
suppress_warnings = ["gov-report.headings", "gov-report.fee-statement"]
show_warning_types = True  # Sphinx 7.4 prints [type.subtype] only when asked
