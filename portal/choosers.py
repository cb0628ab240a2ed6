"""Choosers with search for the Wagtail admin, for models whose tables grow without bound.

A select box lists every row of its table; a chooser shows a searchable, paginated list in a
modal and renders only the chosen row. Registering a ``ChooserViewSet`` makes Wagtail use its
widget for every ForeignKey to the model in admin forms.
"""

from functools import reduce
from operator import or_

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet


def search_filter_form(*lookups):
    """A chooser filter form searching the given fields in the database (``icontains``, every word)."""

    class SearchForm(BaseFilterForm):
        q = forms.CharField(
            label=_("Suchbegriff"), widget=forms.TextInput(attrs={"placeholder": _("Suchen")}), required=False
        )

        def filter(self, objects):
            query = self.cleaned_data.get("q", "").strip()
            for word in query.split()[:5]:
                objects = objects.filter(reduce(or_, (Q(**{f"{lookup}__icontains": word}) for lookup in lookups)))
            if query:
                self.is_searching = True
                self.search_query = query
            return objects

    return SearchForm


class SearchableChooserViewSet(ChooserViewSet):
    """A chooser whose modal searches ``search_lookups`` in the database."""

    search_lookups = ()
    extra_columns = ()  # wagtail.admin.ui.tables.Column instances shown beside the title
    per_page = 20
    edit_item_text = _("Bearbeiten")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra_columns = list(self.extra_columns)

        class Listing:
            filter_form_class = search_filter_form(*self.search_lookups)

            @property
            def columns(self):
                return [*super().columns, *extra_columns]

        self.choose_view_class = type("ChooseView", (Listing, chooser_views.ChooseView), {})
        self.choose_results_view_class = type("ChooseResultsView", (Listing, chooser_views.ChooseResultsView), {})


class UserChooserViewSet(SearchableChooserViewSet):
    model = get_user_model()
    icon = "user"
    choose_one_text = _("Person auswählen")
    choose_another_text = _("Andere Person auswählen")
    ordering = ["last_name", "first_name", "email"]
    search_lookups = ("email", "first_name", "last_name")


user_chooser_viewset = UserChooserViewSet("user_chooser", url_prefix="personen-auswahl")
