"""The document library: filters, search, sorting and pagination over what the viewer may see."""

from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal import pagecache
from portal.access import get_viewer
from portal.models import Organisation

from .models import PortalDocument
from .search import library_search

PAGE_SIZE = 20
SORTS = [("", _("Relevanz / neueste zuerst")), ("date", _("Datum (neueste zuerst)")), ("title", _("Titel (A–Z)"))]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Art"), required=False)
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    body = forms.TypedChoiceField(label=_("Gremium"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Jahr"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sortierung"), required=False, choices=SORTS)

    def __init__(self, data, *, organisations, bodies, years):
        super().__init__(data)
        everything = [("", _("alle"))]
        self.fields["kind"].choices = everything + list(PortalDocument.Kind.choices)
        self.fields["organisation"].choices = everything + organisations
        self.fields["body"].choices = everything + bodies
        self.fields["year"].choices = everything + [(y, str(y)) for y in years]
        self.fields["q"].widget.input_type = "search"


def filter_options(visible):
    """The organisations, bodies and years that occur among the documents the viewer may see,
    as (pk, label) choices."""
    organisations = Organisation.objects.filter(pk__in=visible.values("organisation_id")).order_by("name")
    through = PortalDocument.bodies.through
    bodies = (
        PortalDocument.bodies.field.related_model.objects.live()
        .filter(pk__in=through.objects.filter(portaldocument__in=visible.values("pk")).values("bodypage_id"))
        .order_by("title")
    )
    years = sorted({d.year for d in visible.dates("published_date", "year")}, reverse=True)
    return [(o.pk, o.display_name) for o in organisations], [(b.pk, b.title) for b in bodies], years


def library_title(request):
    """The chosen filters as words for the page title, e.g. "Niederschrift, 2022, „Haspe“"."""
    if not request.GET:
        return ""
    viewer = get_viewer(request)
    visible = PortalDocument.objects.visible_to(viewer).current()
    organisations, bodies, years = pagecache.for_access(viewer, "library-options", lambda: filter_options(visible))
    form = LibraryFilterForm(request.GET, organisations=organisations, bodies=bodies, years=years)
    if not form.is_valid():
        return ""
    words = []
    for name in ("kind", "organisation", "body", "year"):
        value = form.cleaned_data.get(name)
        if value:
            words.append(str(dict(form.fields[name].choices).get(value, value)))
    if form.cleaned_data.get("q"):
        words.append(f"„{form.cleaned_data['q']}“")
    return ", ".join(words)


def library_part(request, page):
    """The upload link, filters and results: the same for everyone with the viewer's access."""
    viewer = get_viewer(request)
    return pagecache.render_for_access(
        viewer,
        pagecache.part_name(f"library:{page.pk}", request.GET),
        "documents/includes/library.html",
        lambda: {"page": page, **library_context(viewer, request.GET)},
    )


# Apps register ``fn(viewer) -> [(url, title, date), …]``: minutes the viewer may read that are
# no documents of the library (meetings: the minutes on the meeting pages), listed by the kind
# filter "Niederschrift" beside the uploaded minutes.
MINUTES_HOOK = "documents_minutes_elsewhere"


def minutes_elsewhere(viewer):
    return [entry for minutes in hooks.get_hooks(MINUTES_HOOK) for entry in minutes(viewer)]


def library_context(viewer, params):
    visible = PortalDocument.objects.visible_to(viewer).current()
    # The same for everyone who may read the same documents: kept until the next content change.
    organisations, bodies, years = pagecache.for_access(viewer, "library-options", lambda: filter_options(visible))
    form = LibraryFilterForm(params or None, organisations=organisations, bodies=bodies, years=years)
    cleaned = form.cleaned_data if form.is_valid() else {}

    documents = visible.select_related("organisation")
    if cleaned.get("kind"):
        documents = documents.filter(kind=cleaned["kind"])
    if cleaned.get("organisation"):
        documents = documents.filter(organisation=cleaned["organisation"])
    if cleaned.get("body"):
        # Written as pk IN (...), which search querysets accept.
        in_body = PortalDocument.bodies.through.objects.filter(bodypage_id=cleaned["body"]).values("portaldocument_id")
        documents = documents.filter(pk__in=in_body)
    if cleaned.get("year"):
        year = cleaned["year"]
        documents = documents.filter(published_date__gte=date(year, 1, 1), published_date__lte=date(year, 12, 31))

    sort = cleaned.get("sort") or ""
    ordering = ["title", "id"] if sort == "title" else ["-published_date", "-id"]
    query = (cleaned.get("q") or "").strip()
    if query:
        documents = library_search(documents, query, by_relevance=not sort, ordering=ordering)
    else:
        documents = documents.order_by(*ordering)

    paginator = Paginator(documents, PAGE_SIZE)
    page = paginator.get_page(params.get("seite"))
    other_minutes = minutes_elsewhere(viewer) if cleaned.get("kind") == PortalDocument.Kind.MINUTES else []
    return {
        "other_minutes": other_minutes,
        "params": params,
        "filter_form": form,
        "documents": page,
        "paginator": paginator,
        "query": query,
        "is_filtered": any(cleaned.get(name) for name in ("q", "kind", "organisation", "body", "year")),
        "may_upload": viewer.is_member,
    }
