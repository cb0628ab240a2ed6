"""A compound query finds its parts written apart ("Wohnraumsicherung" → "Sicherung von Wohnraum"),
after every match of the whole word, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from documents.factories import portal_document
from home.models import NewsIndexPage, NewsPage
from portal.access import Audience
from portal.models import SearchWord
from portal.search_index import cuts, split, terms

pytestmark = pytest.mark.django_db


def news(title, teaser, slug):
    index = NewsIndexPage.objects.get()
    return index.add_child(instance=NewsPage(title=title, slug=slug, teaser=teaser))


def hits(client, q, **params):
    response = client.get("/suche/", {"q": q, **params})
    assert response.status_code == 200
    return [h.title for h in response.context.get("hits", [])], response


def forms(found):
    """The cuts as (first, second) with each part's words that end without an inflection."""
    endings = ("e", "en", "n", "s", "es", "er", "ern", "em", "ens")
    return [
        tuple(tuple(w for w in part.words if not any(w == o + e for o in part.words for e in endings)) for part in cut)
        for cut in found
    ]


def test_cuts_try_every_split_into_parts_of_four_letters():
    assert (("wohnraum",), ("sicher", "sicherung")) in forms(cuts("wohnraumsicherung"))
    assert (("integration",), ("management",)) in forms(cuts("integrationsmanagement"))
    assert (("jahr",), ("bericht",)) in forms(cuts("jahresbericht"))
    assert (("kummerer",), ("grupp",)) in forms(cuts("kummerergruppen"))
    [(first, second)] = cuts("wohnraum")
    assert {"wohn", "wohnen", "wohne"} <= set(first.words) and {"raum", "raume", "raumen"} <= set(second.words)
    assert cuts("wohnr") == [] and cuts("56kim02") == [] and cuts("a" * 31) == []


def test_split_keeps_the_cuts_whose_parts_are_indexed_words(site):
    news("Sicherung von Wohnraums", "Meldung", "sicherung")
    [term] = split(terms("Wohnraumsicherung"))
    assert [(first.words, second.words) for first, second in term.parts] == [(("wohnraums",), ("sicherung",))]
    assert split(terms("Zwiebelturmsicherung"))[0].parts == ()  # no word "Zwiebelturm"


def test_the_splitter_asks_one_query_for_all_words_and_none_for_short_words(site):
    with CaptureQueriesContext(connection) as ctx:
        split(terms("Wohnraumsicherung Integrationsmanagement Kümmerergruppen Konfliktmanagement"))
    assert len(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        split(terms("Wohnr Haspe 56-KIM-02"))
    # PostgreSQL looks up the words that contain the terms, for the word index (one query)
    assert len(ctx) == (1 if connection.vendor == "postgresql" else 0)


def test_indexing_adds_the_words_to_the_vocabulary(site):
    news("Kümmerergruppe Haspe", "Gruppen der Kümmerer im Stadtteil", "kg")
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"kummerergruppe", "haspe", "gruppen", "kummerer", "stadtteil"} <= words
    assert "der" not in words and "im" not in words  # shorter than any part


def test_compound_query_finds_its_parts_after_the_whole_word(site):
    news("Sicherung von Wohnraum in Haspe", "Meldung", "apart")
    news("Bericht", "Die Wohnraumsicherung im Quartier", "text")
    news("Wohnraumsicherung", "Meldung", "title")
    news("Sicherung der Daten", "Neue Technik", "only-one-part")
    news("Absicherung", "Mietwohnraum in Haspe", "inside-words")
    news("Sicherheit", "Wohnraumbedarf", "longer-words")
    titles, response = hits(Client(), "Wohnraumsicherung", typ="nachrichten")
    mine = [t for t in titles if t in ("Wohnraumsicherung", "Bericht", "Sicherung von Wohnraum in Haspe")]
    assert mine == ["Wohnraumsicherung", "Bericht", "Sicherung von Wohnraum in Haspe"]
    assert titles[-1] == "Sicherung von Wohnraum in Haspe"  # after every whole-word match
    assert not {"Sicherung der Daten", "Absicherung", "Sicherheit"} & set(titles)
    html = response.content.decode()
    assert "<mark>Sicherung</mark> von <mark>Wohnraum</mark>" in html  # the parts are marked


def test_compound_parts_in_the_text_and_with_a_linking_s(site):
    news("Neues aus dem Fachbereich", "Das Management der Integration wird neu aufgestellt.", "kim")
    news("Konfliktmanagement", "Meldung", "konflikt")
    assert "Neues aus dem Fachbereich" in hits(Client(), "Integrationsmanagement", typ="nachrichten")[0]
    assert hits(Client(), "Konfliktmanagement", typ="nachrichten")[0] == ["Konfliktmanagement"]


def test_a_multi_word_query_with_a_compound_needs_every_word(site):
    news("Sicherung von Wohnraum in Haspe", "Meldung", "haspe")
    news("Sicherung von Wohnraum in Altenhagen", "Meldung", "altenhagen")
    assert hits(Client(), "Wohnraumsicherung Haspe", typ="nachrichten")[0] == ["Sicherung von Wohnraum in Haspe"]


def test_the_library_search_finds_compound_parts(site, library):
    portal_document(title="Konzept", text="Sicherung von Wohnraum", audience=Audience.PUBLIC)
    html = Client().get(library.url, {"q": "Wohnraumsicherung"}).content.decode()
    assert "Konzept" in html


def test_parts_in_a_hidden_document_find_nothing_and_count_nothing(people, site):
    """The vocabulary holds the words of every text; hits, counts and passages do not."""
    portal_document(
        title="Interner Vermerk", text="Sicherung von Wohnraum 4711", audience=Audience.STAFF, organisation=people.city
    )
    portal_document(title="Öffentlicher Vermerk", text="Sicherung von Wohnraum", audience=Audience.PUBLIC)
    titles, response = hits(Client(), "Wohnraumsicherung", typ="dokumente")
    assert titles == ["Öffentlicher Vermerk"]
    assert response.context["total"] == 1
    assert {s.key: n for s, n in response.context["facets"]["types"]}["dokumente"] == 1
    assert "4711" not in response.content.decode() and "Interner Vermerk" not in response.content.decode()
    assert "Interner Vermerk" in hits(people.client("editor"), "Wohnraumsicherung", typ="dokumente")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the word index is PostgreSQL's")
def test_compound_parts_are_looked_up_in_the_word_index_on_postgresql(site):
    """Parts that are common words ("Stadt") would make the trigram index hand over most rows."""
    from portal.models import SearchText
    from portal.search_index import _matches

    news("Sicherung von Wohnraum", "Meldung", "apart")
    [term] = split(terms("Wohnraumsicherung"))
    assert term.parts
    sql, params = SearchText.objects.filter(_matches(term)).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table of a few rows
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_searchtext_words" in plan, plan
