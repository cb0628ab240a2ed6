"""The site-wide search: every result type through the access policy, for every role."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.factories import portal_document
from home.models import NewsIndexPage, NewsPage
from portal.access import Audience
from tests.conftest import ROLES
from tests.documents.conftest import SEES, WORDS, body, docs  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/suche/", {"q": q, **params})
    assert response.status_code == 200
    return response


def hits(response):
    return [h.title for h in response.context.get("hits", [])]


def test_empty_and_no_result_states(site):
    assert "Durchsuchen Sie Seiten" in Client().get("/suche/").content.decode()
    html = search(Client(), "Quetzalcoatl").content.decode()
    assert "Keine Treffer für „Quetzalcoatl“" in html
    assert "nur für Mitglieder sichtbar" in html


def test_pages_are_found_with_passage(site):
    response = search(Client(), "Barrierefreiheit")
    assert hits(response)[0] == "Erklärung zur Barrierefreiheit"  # a title match comes first
    assert "<mark>Barrierefreiheit</mark>" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_news_by_role(people, site, role):
    found = "Hinweise zur Angebotsabgabe für das Case-Management" in hits(search(people.client(role), "Angebote"))
    assert found == (role not in ("anonymous", "inactive"))


@pytest.mark.parametrize("audience", list(WORDS))
def test_documents_by_audience_and_role(people, docs, audience):  # noqa: F811
    word = WORDS[audience]
    for role, sees in zip(ROLES, SEES[audience], strict=True):
        response = search(people.client(role), word)
        html = response.content.decode()
        assert (f"Dokument {audience.label}" in hits(response)) == bool(sees), (audience, role)
        if not sees:
            assert f"Dokument {audience.label}" not in html and "Sitzungsunterlage" not in html, (audience, role)


def test_hidden_text_never_in_passages(people, site):
    portal_document(title="Öffentliche Notiz", text="Haushalt Übersicht", audience=Audience.PUBLIC)
    portal_document(
        title="Interne Notiz", text="Haushalt Geheimzahl 4711", audience=Audience.STAFF, organisation=people.city
    )
    html = search(Client(), "Haushalt").content.decode()
    assert "Öffentliche Notiz" in html
    assert "Interne Notiz" not in html and "4711" not in html


def test_type_filter_paginates(site):
    index = NewsIndexPage.objects.get()
    for i in range(13):
        index.add_child(instance=NewsPage(title=f"Quartiersarbeit {i}", slug=f"qa-{i}", teaser="Quartiersarbeit"))
    overview = search(Client(), "Quartiersarbeit")
    assert ("nachrichten", 13) in [(s.key, n) for s, n in overview.context["facets"]["types"]]
    assert "Nachrichten (13)" in overview.content.decode()
    first = search(Client(), "Quartiersarbeit", typ="nachrichten")
    assert len(first.context["hits"]) == 10
    second = search(Client(), "Quartiersarbeit", typ="nachrichten", seite=2)
    assert len(second.context["hits"]) == 3
    assert "typ=nachrichten" in first.content.decode()


def test_search_is_private_for_logged_in(people, site):
    response = people.client("member_a").get("/suche/", {"q": "Fachbereich"})
    assert response["Cache-Control"] == "private, no-store"


def count_queries(client, q):
    client.get("/suche/", {"q": q})
    with CaptureQueriesContext(connection) as ctx:
        client.get("/suche/", {"q": q})
    return len(ctx)


def test_query_count_constant(people, site):
    index = NewsIndexPage.objects.get()
    client = people.client("member_a")

    def add(n, start):
        for i in range(start, start + n):
            index.add_child(instance=NewsPage(title=f"Wohnraum {i}", slug=f"wr-{i}", teaser="Wohnraumsicherung"))
            portal_document(title=f"Wohnraum Dokument {i}", text="Wohnraumsicherung", audience=Audience.MEMBERS)

    add(2, 0)
    few = count_queries(client, "Wohnraumsicherung")
    add(20, 2)
    assert count_queries(client, "Wohnraumsicherung") <= few


def test_german_stemming(site):
    index = NewsIndexPage.objects.get()
    index.add_child(instance=NewsPage(title="Bericht", slug="bericht-sitzung", teaser="Aus der letzten Sitzung"))
    assert "Bericht" in hits(search(Client(), "Sitzungen"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is for PostgreSQL's search backend")
def test_document_search_uses_the_title_body_index_on_postgresql(people):
    """The backend matches ``(title || body) @@ query`` (portal migration 0007 indexes exactly that)
    and joins documents on ``id::varchar(50)`` (the document_id_text index)."""
    from documents.models import PortalDocument
    from portal.access import Viewer

    portal_document(title="Wohnraumsicherung", text="Wohnraumsicherung", audience=Audience.PUBLIC)
    results = PortalDocument.objects.visible_to(Viewer()).search("Wohnraumsicherung")
    assert [d.title for d in results] == ["Wohnraumsicherung"]
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    sql, _params = results.get_queryset().query.sql_with_params()
    join_key = '("documents_portaldocument"."id")::varchar(50)'
    assert expression in sql and join_key in sql  # the backend's query still has the indexed shapes
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {expression} to_tsquery('german', 'x')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "portal_indexentry_title_body_gin" in plan, plan
        # On a table of a few rows the planner may as well scan the primary key; what matters is
        # that the index is on exactly the expression the backend joins on.
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%document_id_text%"])
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("((id)::character varying(50))" in d for d in definitions), definitions


def test_meeting_hits_show_the_public_agenda(people, meetings):
    from tests.meetings.scenario import SECRET_TITLE

    response = search(Client(), "Rathaus", typ="sitzungen")
    [hit] = [hit for hit in response.context["hits"] if hit.url == meetings.upcoming.url]
    assert "Bericht zur Zuwanderung" in hit.text  # the public item, not a method's repr
    assert SECRET_TITLE not in hit.text


def test_pages_under_wagtail_privacy_settings_are_listed_for_staff_only(people, site):
    from wagtail.models import PageViewRestriction

    index = NewsIndexPage.objects.get()
    news = index.add_child(instance=NewsPage(title="Passwortgeschützte Meldung", slug="pw", teaser="Wohnraumgeheimnis"))
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for role in ("anonymous", "member_a"):
        assert "Passwortgeschützte Meldung" not in hits(search(people.client(role), "Wohnraumgeheimnis")), role
    assert "Passwortgeschützte Meldung" in hits(search(people.client("editor"), "Wohnraumgeheimnis"))
    assert "Passwortgeschützte Meldung" not in Client().get("/nachrichten/").content.decode()


HOSTILE = [
    '"',
    "'",
    '"Wohnraum',
    "Wohnraum AND OR NOT",
    "NEAR(a b)",
    "*",
    "Wohn*",
    "-",
    "^",
    "title:Wohnraum",
    "(",
    "a OR",
    "%",
    "_",
    "\\",
    "\x00",
    "Wohn\x00raum",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "x" * 10_000,
    "Wohnraum " * 2_000,
    "Интеграция Wohnraum 統合 تكامل",
    "🙂",
    "ß" * 300,
    "\u200b\u202e",
    "NOT Wohnraum",
    "-Wohnraum",
    "Wohnraum -Sicherung",
    "Wohnraum OR Sicherung",
    "AND",
    '"Wohnraumsicherung" AND Sicher*',
    "x" * 5_000,
    "Wohnraum تكامل",
    "Wohnraumتكامل سكن",
    "Wohnraumsicherungsplanung " * 8,  # compounds to split, as many as a query holds
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_a_page(site, library, query):
    """Issue: a quote or NUL answered 500 (SQLite FTS5 syntax). Every input gives a page."""
    portal_document(title="Wohnraumsicherung", text="Wohnraumsicherung", audience=Audience.PUBLIC)
    for params in ({"q": query}, {"q": query, "typ": "dokumente", "sortierung": "datum", "jahr": "x", "seite": "-1"}):
        response = Client().get("/suche/", params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "<script>alert" not in html and "\x00" not in html
    response = Client().get(library.url, {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_hostile_queries_get_a_clear_message(site):
    assert "Bitte geben Sie mindestens ein Wort oder eine Zahl ein" in search(Client(), '"').content.decode()
    assert "wurde gekürzt" in search(Client(), "x" * 10_000).content.decode()
    mixed = search(Client(), "Интеграция")
    assert mixed.context["total"] == 0 and "Keine Treffer" in mixed.content.decode()


def test_hostile_library_queries_get_a_clear_message(site, library):
    """The library's form says in German what is wrong and keeps what was typed."""
    long = Client().get(library.url, {"q": "x" * 5_000})
    assert long.status_code == 200
    assert "höchstens 200 Zeichen" in long.content.decode()
    assert f'value="{"x" * 5_000}"' in long.content.decode()
    nul = Client().get(library.url, {"q": "Wohn\x00raum"})
    assert nul.status_code == 200
    assert "Nullzeichen sind nicht erlaubt" in nul.content.decode()


def test_german_matching(site):
    """Compound parts, word beginnings, umlaut and ß spellings, hyphens and numbers."""
    index = NewsIndexPage.objects.get()
    for slug, title in [
        ("a", "Neue Kümmerergruppen in der Eppenhauser Straße"),
        ("b", "Case-Management für Zugewanderte"),
        ("c", "Vertrag 56-KIM-02 verlängert"),
    ]:
        index.add_child(instance=NewsPage(title=title, slug=slug, teaser="Meldung"))
    expected = {
        "Kümmerer": "Neue Kümmerergruppen in der Eppenhauser Straße",
        "Kuemmerer": "Neue Kümmerergruppen in der Eppenhauser Straße",
        "Strasse": "Neue Kümmerergruppen in der Eppenhauser Straße",
        "Kümmerergruppe Eppenh": "Neue Kümmerergruppen in der Eppenhauser Straße",
        "Casemanagement": "Case-Management für Zugewanderte",
        "Case Management": "Case-Management für Zugewanderte",
        "case-management": "Case-Management für Zugewanderte",
        "Zugewanderten": "Case-Management für Zugewanderte",
        "56-KIM-02": "Vertrag 56-KIM-02 verlängert",
        "56kim02": "Vertrag 56-KIM-02 verlängert",
        "Verträge": "Vertrag 56-KIM-02 verlängert",
    }
    for query, title in expected.items():
        assert hits(search(Client(), query))[:1] == [title], query


def test_title_matches_rank_before_text_matches_and_newer_before_older(site):
    import datetime

    index = NewsIndexPage.objects.get()
    index.add_child(instance=NewsPage(title="Alt", slug="alt", teaser="Zwiebelturm", date=datetime.date(2020, 1, 1)))
    index.add_child(instance=NewsPage(title="Neu", slug="neu", teaser="Zwiebelturm", date=datetime.date(2025, 1, 1)))
    index.add_child(instance=NewsPage(title="Zwiebelturm", slug="titel", teaser="x", date=datetime.date(2019, 1, 1)))
    assert hits(search(Client(), "Zwiebelturm", typ="nachrichten")) == ["Zwiebelturm", "Neu", "Alt"]
    assert hits(search(Client(), "Zwiebelturm", typ="nachrichten", sortierung="datum")) == ["Neu", "Alt", "Zwiebelturm"]
    response = search(Client(), "Zwiebelturm", typ="nachrichten", jahr=2020)
    assert hits(response) == ["Alt"]
    assert "<mark>Zwiebelturm</mark>" in response.content.decode()


def test_snippets_escape_html(site):
    index = NewsIndexPage.objects.get()
    index.add_child(instance=NewsPage(title="Markup", slug="markup", teaser="Wohnraum <b>fett</b> & <i>x</i>"))
    html = search(Client(), "Wohnraum").content.decode()
    assert "<b>fett</b>" not in html and "<mark>Wohnraum</mark>" in html


def test_did_you_mean(site):
    html = search(Client(), "Barrierefreihet").content.decode()
    assert "Meinten Sie" in html and "Barrierefreiheit</a>" in html


def test_hidden_documents_leak_no_facet_count_and_no_suggestion(people, site):
    portal_document(
        title="Geheimzahlbericht", text="Wohnraum Geheimzahl", audience=Audience.STAFF, organisation=people.city
    )
    portal_document(title="Öffentlicher Bericht", text="Wohnraum", audience=Audience.PUBLIC)
    response = search(Client(), "Wohnraum")
    assert {s.key: n for s, n in response.context["facets"]["types"]}.get("dokumente") == 1
    assert sum(n for _y, n in response.context["facets"]["years"]) == response.context["total"]
    assert "Geheimzahl" not in response.content.decode()
    typo = search(Client(), "Geheimzahlbericth")
    assert not typo.context.get("suggestion") and "Geheimzahlbericht" not in typo.content.decode()
    staff = search(people.client("editor"), "Geheimzahlbericth")
    assert staff.context["suggestion"] == "Geheimzahlbericht"


def test_contracts_are_found_by_their_own_members_and_staff(people, site):
    from contracts.factories import ContractFactory

    ContractFactory(provider=people.org_a, reference="56-KIM-77", title="Fallmanagement Testviertel")
    for role, sees in [("anonymous", False), ("member_a", True), ("member_b", False), ("editor", True)]:
        titles = hits(search(people.client(role), "56-KIM-77"))
        assert any("56-KIM-77" in t for t in titles) == sees, role


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_matching_uses_the_trigram_index_on_postgresql(site):
    """A word beginning and a compound part can be answered from portal_searchtext_text_trgm."""
    from portal.models import SearchText
    from portal.search_index import matching, terms

    kinds = ["documents.portaldocument", "meetings.agendaitem"]
    SearchText.objects.bulk_create(
        SearchText(kind=kinds[i % 2], object_id=i, title=f"bericht {i}", text=f"bericht {i} sitzung{i * 7919 % 10007}")
        for i in range(1, 6001)
    )
    SearchText.objects.create(kind=kinds[0], object_id=9999, title="wohnraumsicherung", text="wohnraumsicherung")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_searchtext")
    entries = SearchText.objects.filter(pk__in=matching("documents.portaldocument", terms("Wohnr")).values("pk"))
    assert [e.title for e in entries] == ["wohnraumsicherung"]
    sql, params = SearchText.objects.filter(text__contains="wohnr").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # this small table fits a few pages
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_searchtext_text_trgm" in plan, plan


def test_a_term_is_found_inside_any_word_of_any_text(site):
    """The word index (PostgreSQL) answers "the text contains the term" as LIKE does: inside
    compounds, and in texts whose words the index cannot read as written (other letters, words
    longer than the vocabulary keeps, numbers that read as floats)."""
    index = NewsIndexPage.objects.get()
    texts = {
        "plain": "Integrationskurse im Quartier",
        "letters": "Café-Integrationsrunde in Haspe",
        "long": "Langwort " + "x" * 55 + "integrationsbericht",
        "float": "Kennzahl 1e5integrationsquote",
        "none": "Nichts davon hier",
    }
    for slug, teaser in texts.items():
        index.add_child(instance=NewsPage(title=f"Meldung {slug}", slug=f"wi-{slug}", teaser=teaser))

    def found(query):
        return sorted(t for t in hits(search(Client(), query, typ="nachrichten")) if t.startswith("Meldung "))

    for query in ("Integration", "integrations", "Integr"):
        assert found(query) == ["Meldung float", "Meldung letters", "Meldung long", "Meldung plain"], query
    assert found("Integrationsbericht") == ["Meldung long"]
    assert found("Integrationsquote") == ["Meldung float"]


def test_a_repeated_search_is_kept_per_access_group(people, site, settings):
    """Cached, a member's repeated search asks no search query again; viewers of another access
    group get their own results, and a change of content is found at once."""
    settings.PAGE_CACHE_SECONDS = 300
    portal_document(title="Zwiebelturm für alle", text="Zwiebelturm", audience=Audience.MEMBERS)
    portal_document(
        title="Zwiebelturm der AWO", text="Zwiebelturm", audience=Audience.ORGANISATION, organisation=people.org_a
    )
    member_a = people.client("member_a")
    with CaptureQueriesContext(connection) as first:
        search(member_a, "Zwiebelturm")
    assert any("portal_searchtext" in q["sql"] for q in first.captured_queries)
    with CaptureQueriesContext(connection) as again:
        response = search(member_a, "Zwiebelturm")
    assert len(again) < len(first) and not any("portal_searchtext" in q["sql"] for q in again.captured_queries)
    assert sorted(hits(response)) == ["Zwiebelturm der AWO", "Zwiebelturm für alle"]
    assert hits(search(people.client("member_b"), "Zwiebelturm")) == ["Zwiebelturm für alle"]
    assert hits(search(Client(), "Zwiebelturm")) == []
    portal_document(title="Zwiebelturm neu", text="Zwiebelturm", audience=Audience.MEMBERS)
    assert "Zwiebelturm neu" in hits(search(member_a, "Zwiebelturm"))
