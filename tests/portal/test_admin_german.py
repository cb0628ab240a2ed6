"""The admin pages of the portal's own models speak German to city staff.

Renders, as a city approver with two-factor authentication, the listings, forms and dashboards
of the portal's own models and the workflow pages, and fails on any English text: the English
source strings (msgids) of the catalogues the admin draws on (Wagtail, Django, django-filter,
taggit, treebeard, ...) wherever their German translation differs, Wagtail's default names kept
in the database, and text made of English words that no catalogue translates.
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Workflow, WorkflowTask
from wagtail.snippets.models import get_snippet_models

pytestmark = pytest.mark.django_db

OWN_APPS = {"portal", "meetings", "contracts", "documents", "home", "papers"}
SITE_PACKAGES = Path(wagtail.__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Words German admin text does not use; two of them in one text make it English.
ENGLISH_WORDS = set(
    re.findall(
        r"\w+",
        "the of and to is are your this with for get display selected save by from has have been not be you "
        "there no yes add edit delete view choose select submit approval moderators page pages item items",
    )
)
# What Wagtail writes into the database in English (its default workflow and task).
KNOWN_ENGLISH = ["Moderators approval", "Save Selected"]
# English that Wagtail 8 writes without gettext, so no catalogue can translate it; all of it is
# invisible (screen-reader-only or hidden). Kept to exactly these places, so anything new fails.
UNTRANSLATABLE = {
    ("/admin/", "Search"),  # wagtailadmin/home.html: the search form's screen-reader-only submit button
    ("/admin/workflows/edit/", "Page"),  # WorkflowPageForm.page has no label: screen-reader-only
    ("/admin/pages/", "None"),  # the hidden comment counter of the side panel toggle before it counts
}


def english_msgids():
    """(exact msgids, one pattern for those with placeholders) whose German translation differs."""
    exact, patterns = set(), []
    for mo in SITE_PACKAGES.glob("*/**/locale/de/LC_MESSAGES/*.mo"):
        with mo.open("rb") as f:
            catalog = gettext.GNUTranslations(f)._catalog
        for key, german in catalog.items():
            msgid = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1].strip()
            if not msgid or msgid == german or not re.search(r"[a-z]{3}", msgid) or "\n" in msgid:
                continue
            if PLACEHOLDER.search(msgid):
                parts = PLACEHOLDER.split(msgid)
                if sum(len(p.strip()) for p in parts) >= 6:
                    patterns.append(".+?".join(re.escape(p) for p in parts))
            elif len(msgid) >= 4:
                exact.add(msgid)
    return exact, re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


class Texts(HTMLParser):
    """What a person reads or hears: text, and the labels in attributes; not scripts or styles."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}

    def __init__(self):
        super().__init__()
        self.texts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in self.ATTRIBUTES or (name == "value" and attrs.get("type") in ("submit", "button"))):
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data)


def english_in(html, exact, pattern):
    parser = Texts()
    parser.feed(html)
    found = []
    for raw in parser.texts:
        text = " ".join(raw.split())
        words = set(re.findall(r"[A-Za-z]+", text.lower()))
        if (
            text in exact
            or (pattern is not None and pattern.fullmatch(text))
            or len(words & ENGLISH_WORDS) >= 2
            or any(known in text for known in KNOWN_ENGLISH)
        ):
            found.append(text)
    return found


def admin_urls(ctx):
    urls = ["/admin/", "/admin/vertraege/", "/admin/workflows/list/", "/admin/workflows/tasks/index/"]
    for model in get_snippet_models():
        if model._meta.app_label not in OWN_APPS:
            continue
        viewset = model.snippet_viewset
        urls += [reverse(viewset.get_url_name("list")), reverse(viewset.get_url_name("add"))]
        obj = model.objects.first()
        if obj is not None:
            urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
    for workflow in Workflow.objects.all():
        urls.append(f"/admin/workflows/edit/{workflow.pk}/")
    for task in WorkflowTask.objects.values_list("task_id", flat=True).distinct():
        urls.append(f"/admin/workflows/tasks/edit/{task}/")
    for page in (ctx.meetings.body, ctx.meetings.past, ctx.meetings.index):
        urls += [f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/"]
    urls.append(f"/admin/pages/{ctx.meetings.index.pk}/add_subpage/")
    urls.append(f"/admin/meetings/{ctx.meetings.upcoming.pk}/einladung/")
    # the library (Wagtail's document views with the portal's document model) and report review
    from contracts.models import ContractReport
    from documents.models import PortalDocument

    urls += ["/admin/documents/", "/admin/documents/multiple/add/"]
    urls += [f"/admin/documents/edit/{pk}/" for pk in PortalDocument.objects.values_list("pk", flat=True)[:1]]
    urls += [
        f"/admin/vertraege/berichte/{pk}/pruefen/" for pk in ContractReport.objects.values_list("pk", flat=True)[:1]
    ]
    # papers: putting one on an agenda, triaging a member's motion
    from papers.models import Motion, Paper

    urls += [f"/admin/vorlagen/{pk}/tagesordnung/" for pk in Paper.objects.values_list("pk", flat=True)[:1]]
    urls += [f"/admin/antraege/{pk}/pruefen/" for pk in Motion.objects.values_list("pk", flat=True)[:1]]
    urls.append("/admin/vorlagen-auswahl/")
    return [u for u in dict.fromkeys(urls) if u]


def test_admin_pages_of_the_portal_speak_german(people, meetings):
    from contracts import seed as contracts_seed
    from papers.factories import paper
    from papers.models import Consultation, Motion

    contracts_seed.run()
    paper("Vorlage im Admin", consultations=[(meetings.body, Consultation.Role.DECISION, None)])
    Motion.objects.create(body=meetings.body, organisation=people.org_a, title="Antrag im Admin", text="Text")
    from types import SimpleNamespace

    ctx = SimpleNamespace(people=people, meetings=meetings)
    user = people.users["approver"]
    user.is_superuser = True  # every model's views, not only those of the approvers' permissions
    user.save()
    client = people.client("approver")
    exact, pattern = english_msgids()
    assert "Save" in exact and pattern is not None  # the catalogues were found
    problems = []
    with translation.override("de"):
        for url in admin_urls(ctx):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="de", follow=True)
            if response.status_code != 200:
                problems.append(f"{url}: status {response.status_code}")
                continue
            for text in english_in(response.content.decode(), exact, pattern):
                if not any(url.startswith(prefix) and text == known for prefix, known in UNTRANSLATABLE):
                    problems.append(f"{url}: {text!r}")
    assert not problems, "English in the admin:\n" + "\n".join(sorted(set(problems)))
