"""Cells for CSV and XLSX exports that a spreadsheet program never runs as a formula.

Text from people (names, titles) may start with a character that spreadsheet programs read as
the start of a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`). Following the OWASP advice
on CSV injection such text is prefixed with a single quote; numbers and dates stay as they are.
Every export passes its cells through `safe_cell`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
