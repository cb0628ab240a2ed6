"""CSV and XLSX exports of contracts and reports, with German headers and number formats.

CSV follows what German spreadsheet programs expect: semicolons, a decimal comma, dates as
TT.MM.JJJJ and a byte order mark so umlauts survive. XLSX stores real numbers and dates with
German display formats.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.spreadsheets import safe_cell

from .models import Contract, ContractReport, TargetGroup

TEXT, DATE, MONEY, FTE, INT = "text", "date", "money", "fte", "int"
XLSX_FORMATS = {DATE: "DD.MM.YYYY", MONEY: '#,##0.00 "€"', FTE: "0.00", INT: "0"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _join(items):
    return ", ".join(str(i) for i in items)


def _yes_no(value):
    return _("ja") if value else _("nein")


def contract_table(viewer):
    contracts = (
        Contract.objects.visible_to(viewer)
        .select_related("provider", "programme")
        .prefetch_related("districts", "target_groups")
        .order_by("reference")
    )
    columns = [
        (_("Aktenzeichen"), TEXT),
        (_("Bezeichnung"), TEXT),
        (_("Träger"), TEXT),
        (_("Förderprogramm"), TEXT),
        (_("Status"), TEXT),
        (_("Vertragsbeginn"), DATE),
        (_("Vertragsende"), DATE),
        (_("Stellen (VZÄ)"), FTE),
        (_("davon besetzt (VZÄ)"), FTE),
        (_("Jahresbetrag (EUR)"), MONEY),
        (_("Stadtteile"), TEXT),
        (_("Zielgruppen"), TEXT),
    ]
    rows = [
        [
            c.reference,
            c.title,
            c.provider.name,
            c.programme.name,
            c.get_status_display(),
            c.start,
            c.end,
            c.positions,
            c.positions_filled,
            c.yearly_amount,
            _join(c.districts.all()),
            _join(c.target_groups.all()),
        ]
        for c in contracts
    ]
    return columns, rows


def report_table(viewer):
    groups = list(TargetGroup.objects.all())
    reports = (
        ContractReport.objects.visible_to(viewer)
        .select_related("contract__provider", "submitted_by")
        .prefetch_related("figures")
        .order_by("contract__reference", "period_start", "kind", "pk")
    )
    columns = [
        (_("Aktenzeichen"), TEXT),
        (_("Träger"), TEXT),
        (_("Art"), TEXT),
        (_("Zeitraum von"), DATE),
        (_("Zeitraum bis"), DATE),
        (_("Fällig am"), DATE),
        (_("Status"), TEXT),
        (_("Verspätet"), TEXT),
        (_("Eingereicht am"), DATE),
        (_("Eingereicht von"), TEXT),
        (_("Neue Fälle gesamt"), INT),
        (_("Laufende Fälle gesamt"), INT),
        (_("Abgeschlossene Fälle gesamt"), INT),
    ]
    for group in groups:
        columns += [
            (_("Neue Fälle: %(group)s") % {"group": group.name}, INT),
            (_("Laufende Fälle: %(group)s") % {"group": group.name}, INT),
            (_("Abgeschlossene Fälle: %(group)s") % {"group": group.name}, INT),
        ]
    today = timezone.localdate()
    rows = []
    for r in reports:
        figures = {f.target_group_id: f for f in r.figures.all()}
        row = [
            r.contract.reference,
            r.contract.provider.name,
            r.get_kind_display(),
            r.period_start,
            r.period_end,
            r.due_date,
            r.status_label(today),
            _yes_no(r.late),
            timezone.localdate(r.submitted_at) if r.submitted_at else None,
            str(r.submitted_by) if r.submitted_by else "",
        ]
        if figures:
            row += [
                sum(getattr(f, name) for f in figures.values())
                for name in ("new_cases", "active_cases", "closed_cases")
            ]
        else:
            row += [None, None, None]
        for group in groups:
            figure = figures.get(group.pk)
            row += [getattr(figure, name) if figure else None for name in ("new_cases", "active_cases", "closed_cases")]
        rows.append(row)
    return columns, rows


def csv_value(value, kind):
    value = safe_cell(value)
    if value is None:
        return ""
    if kind == DATE:
        return value.strftime("%d.%m.%Y")
    if kind in (MONEY, FTE):
        return f"{Decimal(value):.2f}".replace(".", ",")
    return str(value)


def as_csv(columns, rows, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header, _kind in columns])
    for row in rows:
        writer.writerow([csv_value(value, kind) for value, (_h, kind) in zip(row, columns, strict=True)])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(columns, rows, filename, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(header) for header, _kind in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else safe_cell(v) for v in row])
    for index, (header, kind) in enumerate(columns, 1):
        letter = get_column_letter(index)
        if kind in XLSX_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = XLSX_FORMATS[kind]
        width = max([len(header)] + [len(csv_value(r[index - 1], kind)) for r in rows]) + 2
        sheet.column_dimensions[letter].width = min(width, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


EXPORTS = {
    "vertraege": (contract_table, gettext_lazy("Verträge")),
    "berichte": (report_table, gettext_lazy("Berichte")),
}


def export(viewer, what, fmt):
    table, title = EXPORTS[what]
    columns, rows = table(viewer)
    filename = f"{what}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return as_csv(columns, rows, filename)
    return as_xlsx(columns, rows, filename, str(title))
