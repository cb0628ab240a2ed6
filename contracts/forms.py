"""The members' report form and the staff review form."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.validation import upload_hint, validate_upload

from .models import ContractReport, ReportFigure, TargetGroup

FIGURE_KINDS = [
    ("new_cases", gettext_lazy("neue Fälle")),
    ("active_cases", gettext_lazy("laufende Fälle")),
    ("closed_cases", gettext_lazy("abgeschlossene Fälle")),
]


class ReportSubmitForm(forms.Form):
    """Aggregated case figures per target group, a document and remarks; never data about a person."""

    document = forms.FileField(
        label=gettext_lazy("Bericht als Datei"),
        required=False,
        error_messages={"empty": gettext_lazy("Die Datei ist leer. Bitte wählen Sie eine Datei mit Inhalt.")},
    )
    remarks = forms.CharField(
        label=gettext_lazy("Anmerkungen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Bitte keine Namen oder anderen personenbezogenen Daten von Klientinnen und Klienten."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Ich bestätige: Die Angaben sind zusammengefasste Fallzahlen und enthalten keine personenbezogenen Daten "
            "von Klientinnen und Klienten."
        ),
        error_messages={
            "required": gettext_lazy("Bitte bestätigen Sie, dass der Bericht keine personenbezogenen Daten enthält.")
        },
    )

    def __init__(self, *args, report: ContractReport, target_groups, **kwargs):
        self.report = report
        self.target_groups = list(target_groups) if report.has_figures else []
        existing = {f.target_group_id: f for f in report.figures.all()}
        super().__init__(*args, **kwargs)
        self.fields["remarks"].initial = report.remarks
        document = self.fields["document"]
        document.required = report.document_id is None
        document.error_messages["required"] = _("Bitte laden Sie den Bericht als Datei hoch.")
        hint = upload_hint()
        if report.document_id:
            hint = _("Ohne neue Datei bleibt die bisher eingereichte Datei gültig.") + " " + hint
        document.help_text = hint
        figure_fields = {}
        for group in self.target_groups:
            for name, label in FIGURE_KINDS:
                figure = existing.get(group.pk)
                figure_fields[self.figure_field(group, name)] = forms.IntegerField(
                    label=f"{label} – {group.name}",
                    min_value=0,
                    max_value=100_000,
                    initial=getattr(figure, name) if figure else None,
                    error_messages={
                        "required": _("Bitte geben Sie eine Zahl ein (0, wenn es keine Fälle gab)."),
                        "min_value": _("Bitte geben Sie keine negativen Fallzahlen an."),
                        "max_value": _("Diese Zahl ist unrealistisch hoch. Bitte prüfen Sie die Eingabe."),
                        "invalid": _("Bitte geben Sie eine ganze Zahl ein."),
                    },
                    widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric", "class": "figure-input"}),
                )
        # figures first, in table order
        self.fields = {**figure_fields, **self.fields}

    @staticmethod
    def figure_field(group, name):
        return f"{name}_{group.pk}"

    def figure_rows(self):
        return [
            (group, [self[self.figure_field(group, name)] for name, _label in FIGURE_KINDS])
            for group in self.target_groups
        ]

    def other_fields(self):
        return [self["document"], self["remarks"], self["confirm"]]

    def has_figure_errors(self):
        return any(self[self.figure_field(g, n)].errors for g in self.target_groups for n, _l in FIGURE_KINDS)

    def clean_document(self):
        file = self.cleaned_data.get("document")
        if isinstance(file, UploadedFile):
            validate_upload(file)
        return file

    def figures(self):
        for group in self.target_groups:
            yield group, {name: self.cleaned_data[self.figure_field(group, name)] for name, _label in FIGURE_KINDS}


def target_groups_for(report: ContractReport):
    groups = list(report.contract.target_groups.all())
    return groups or list(TargetGroup.objects.all())


def save_figures(report, form):
    for group, values in form.figures():
        ReportFigure.objects.update_or_create(report=report, target_group=group, defaults=values)


class ReviewForm(forms.Form):
    ACCEPT = "accept"
    REVISION = "revision"

    decision = forms.ChoiceField(
        label=gettext_lazy("Entscheidung"),
        choices=[(ACCEPT, gettext_lazy("Bericht annehmen")), (REVISION, gettext_lazy("Überarbeitung erbitten"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie, ob Sie den Bericht annehmen oder eine Überarbeitung erbitten.")
        },
    )
    comment = forms.CharField(
        label=gettext_lazy("Rückmeldung an den Träger"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Bei einer Überarbeitung nötig: Was soll der Träger ändern? Der Träger erhält sie per E-Mail."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REVISION and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Bitte beschreiben Sie, was der Träger überarbeiten soll."))
        return cleaned
