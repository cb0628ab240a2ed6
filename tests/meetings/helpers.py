"""Helpers for posting the meeting edit form in the admin."""

from wagtail.test.utils.form_data import inline_formset


def agenda_item_formsets(excluded_organisations=(), excluded_people=()):
    """The nested forms of an agenda item in the meeting edit form (for nested_form_data), besides
    its attachments: the recused organisations and people."""
    return {
        "excluded_organisation_links": inline_formset([{"organisation": pk} for pk in excluded_organisations]),
        "excluded_person_links": inline_formset([{"person": pk} for pk in excluded_people]),
    }
