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


def protect_wagtail_exports():
    """Wagtail's own spreadsheet exports (the admin reports such as the site history, and
    listings with export buttons) write people's text as it is into CSV files: every cell they
    write goes through ``safe_cell`` as well (called once, from ``PortalConfig.ready``)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
