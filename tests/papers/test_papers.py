"""Papers: numbers, the access rule, the list and the paper page with its consultation path."""

import datetime
import html

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from papers.factories import paper
from papers.models import Paper, PaperRelation, PaperState
from portal.access import ANONYMOUS, Audience, Viewer
from tests.papers.secrets import SECRET_PAPER_TEXT, SECRET_PAPER_TITLE

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


# --- numbers ---------------------------------------------------------------------------------


def test_numbers_count_per_year_and_are_never_given_twice(db):
    first = paper("Erste", date=datetime.date(2026, 1, 5))
    second = paper("Zweite", date=datetime.date(2026, 2, 5))
    other_year = paper("Andere", date=datetime.date(2025, 12, 30))
    assert (first.number, second.number, other_year.number) == ("0001/2026", "0002/2026", "0001/2025")
    second.delete()
    assert paper("Dritte", date=datetime.date(2026, 3, 1)).number == "0003/2026"
    # editing keeps the number, also when the date moves to another year
    first.date = datetime.date(2027, 1, 1)
    first.title = "Erste, geändert"
    first.save()
    first.refresh_from_db()
    assert first.number == "0001/2026"


def test_the_database_refuses_a_number_twice(db):
    first = paper("Erste", date=datetime.date(2026, 1, 5))
    with pytest.raises(IntegrityError):
        Paper.objects.filter(pk=paper("Zweite", date=datetime.date(2026, 1, 6)).pk).update(serial=first.serial)


# --- the access rule -------------------------------------------------------------------------


def test_audiences_of_papers(meetings, people):
    body_paper = paper("Gremium", audience=Audience.BODY, consultations=[(meetings.body, "decision", None)])
    org_paper = paper("Organisation", audience=Audience.ORGANISATION, originator_organisation=people.org_a)
    members_paper = paper("Mitglieder", audience=Audience.MEMBERS)
    staff_paper = paper("Verwaltung", audience=Audience.STAFF)
    public_paper = paper("Öffentlich")

    def titles(role):
        return set(Paper.objects.visible_to(Viewer.for_user(people.users[role])).values_list("title", flat=True))

    assert set(Paper.objects.visible_to(ANONYMOUS).values_list("title", flat=True)) == {public_paper.title}
    assert titles("member_a") == {"Gremium", "Organisation", "Mitglieder", "Öffentlich"}
    assert titles("member_b") == {"Mitglieder", "Öffentlich"}
    assert titles("org_admin") == {"Organisation", "Mitglieder", "Öffentlich"}
    assert titles("editor") == {"Gremium", "Organisation", "Mitglieder", "Verwaltung", "Öffentlich"}
    assert body_paper and org_paper and members_paper and staff_paper


def test_state_follows_the_decision_the_viewer_may_read(papers, people):
    def state(paper_obj, viewer):
        return Paper.objects.with_state(viewer).get(pk=paper_obj.pk).state

    # the public item was "noted": the paper is done; the secret one "adopted"
    assert state(papers.public, ANONYMOUS) == PaperState.DONE
    assert state(papers.secret, Viewer.for_user(people.users["member_a"])) == PaperState.ADOPTED
    # who may not read the decision does not learn its result
    assert state(papers.secret, ANONYMOUS) == PaperState.IN_CONSULTATION
    papers.secret.closure = Paper.Closure.WITHDRAWN
    papers.secret.save()
    assert state(papers.secret, ANONYMOUS) == PaperState.WITHDRAWN


def test_a_preliminary_consultation_does_not_decide(meetings):
    pending = paper("Vorberaten", consultations=[(meetings.body, "preliminary", meetings.past_public_item)])
    assert Paper.objects.with_state(ANONYMOUS).get(pk=pending.pk).state == PaperState.IN_CONSULTATION


# --- pages -----------------------------------------------------------------------------------


def test_paper_list_shows_what_the_viewer_may_read(papers, people):
    anonymous = text_of(people.client("anonymous").get("/vorlagen/"))
    assert "Quartiersmanagement in Altenhagen" in anonymous and papers.public.number in anonymous
    assert SECRET_PAPER_TITLE not in anonymous and papers.secret.number not in anonymous
    assert "erledigt" in anonymous
    member = text_of(people.client("member_a").get("/vorlagen/"))
    assert SECRET_PAPER_TITLE in member
    assert SECRET_PAPER_TITLE not in text_of(people.client("member_b").get("/vorlagen/"))


def test_paper_list_filters(papers, people, meetings):
    client = people.client("member_a")
    found = text_of(client.get("/vorlagen/", {"q": papers.secret.number}))
    assert SECRET_PAPER_TITLE in found and "Quartiersmanagement in Altenhagen" not in found
    assert SECRET_PAPER_TITLE in text_of(client.get("/vorlagen/", {"stand": "adopted"}))
    assert "Quartiersmanagement in Altenhagen" not in text_of(client.get("/vorlagen/", {"stand": "adopted"}))
    assert "Keine Vorlagen gefunden" in text_of(client.get("/vorlagen/", {"art": "anfrage"}))
    assert SECRET_PAPER_TITLE in text_of(client.get("/vorlagen/", {"gremium": meetings.body.pk}))
    # nonsense is ignored, never an error
    assert client.get("/vorlagen/", {"jahr": "abc", "gremium": "x", "seite": "999"}).status_code == 200


def test_paper_page_shows_the_consultation_path_and_visible_files(papers, people, meetings):
    response = people.client("anonymous").get(f"/vorlagen/{papers.public.pk}/")
    content = text_of(response)
    assert response.status_code == 200
    assert "Lenkungsgruppe Test" in content and "Entscheidung" in content
    assert "Zur Kenntnis genommen" in content and "zur Kenntnis genommen" in content
    assert f"/beschluesse/{meetings.past_public_item.pk}/beschlussauszug.pdf" in content
    assert "Vorlage Quartiersmanagement (Dokument)" in content and "Anlage Statistik Quartiere" in content
    assert "Anlage nur für Mitglieder" not in content
    assert "Anlage nur für Mitglieder" in text_of(people.client("member_b").get(f"/vorlagen/{papers.public.pk}/"))


def test_a_public_paper_decided_in_a_non_public_item_shows_only_the_neutral_title(meetings, people):
    public = paper("Öffentliche Vorlage", consultations=[(meetings.body, "decision", meetings.past_secret_item)])
    content = text_of(people.client("anonymous").get(f"/vorlagen/{public.pk}/"))
    assert "Vergabeangelegenheit" in content
    assert "Zuschlag an Träger X" not in content and "beschlossen" not in content
    assert "Zuschlag an Träger X" in text_of(people.client("member_a").get(f"/vorlagen/{public.pk}/"))


def test_non_public_paper_page(papers, people):
    url = f"/vorlagen/{papers.secret.pk}/"
    assert people.client("anonymous").get(url)["Location"].startswith("/konto/login/")
    assert people.client("member_b").get(url).status_code == 404
    member = people.client("member_a").get(url)
    assert SECRET_PAPER_TEXT in text_of(member)
    assert "private" in member["Cache-Control"]
    assert people.client("anonymous").get("/vorlagen/999999/").status_code == 404


def test_related_papers_in_both_directions(papers, people):
    replacement = paper("Neufassung Quartiersmanagement")
    replacement.relations = [PaperRelation(kind="replaces", target=papers.public)]
    replacement.save()
    hidden = paper("Geheime Ergänzung", audience=Audience.STAFF)
    hidden.relations = [PaperRelation(kind="supplement", target=papers.public)]
    hidden.save()
    old = text_of(people.client("anonymous").get(f"/vorlagen/{papers.public.pk}/"))
    assert "ersetzt durch" in old and "Neufassung Quartiersmanagement" in old
    assert "Geheime Ergänzung" not in old
    assert "Quartiersmanagement in Altenhagen" in text_of(
        people.client("anonymous").get(f"/vorlagen/{replacement.pk}/")
    )


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_paper_list_and_page_keep_their_queries_as_data_grows(meetings, people):
    def grow(n):
        for i in range(n):
            p = paper(
                f"Vorlage {i}",
                audience=Audience.BODY if i % 2 else Audience.PUBLIC,
                consultations=[
                    (meetings.body, "preliminary", meetings.past_public_item),
                    (meetings.body, "decision", None),
                ],
            )
            p.relations = [PaperRelation(kind="supplement", target=Paper.objects.order_by("pk").first())]
            p.save()

    grow(3)
    target = Paper.objects.order_by("pk").first()
    urls = ["/vorlagen/", f"/vorlagen/{target.pk}/", f"/vorlagen/?gremium={meetings.body.pk}"]
    clients = [people.client("anonymous"), people.client("member_a")]
    small = [count_queries(c, u) for c in clients for u in urls]
    grow(9)
    assert [count_queries(c, u) for c in clients for u in urls] == small


def test_feeds_list_new_public_papers_only(papers, people):
    for url in ("/feeds/vorlagen.rss", "/feeds/vorlagen.atom"):
        content = html.unescape(people.client("member_a").get(url).content.decode())
        assert papers.public.number in content and "Quartiersmanagement in Altenhagen" in content
        assert SECRET_PAPER_TITLE not in content and SECRET_PAPER_TEXT not in content


def test_site_search_finds_papers_by_number_and_text_through_the_access_rule(papers, people):
    anonymous = people.client("anonymous")
    hits = anonymous.get("/suche/", {"q": papers.public.number}).context["hits"]
    assert [h.url for h in hits if "/vorlagen/" in h.url] == [f"/vorlagen/{papers.public.pk}/"]
    assert anonymous.get("/suche/", {"q": "Kostenrahmen", "typ": "vorlagen"}).context["hits"] == []
    assert not [
        h for h in anonymous.get("/suche/", {"q": papers.secret.number}).context["hits"] if "/vorlagen/" in h.url
    ]
    member_hits = people.client("member_a").get("/suche/", {"q": "Kostenrahmen", "typ": "vorlagen"}).context["hits"]
    assert [h.url for h in member_hits] == [f"/vorlagen/{papers.secret.pk}/"]
