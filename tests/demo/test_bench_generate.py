"""bench/generate.py at a tiny scale on the demo site: what it writes with bulk inserts is indexed
for search exactly as saving each object would index it (bench/search_bulk.py), in Wagtail's
index and in the portal's folded one, and the site search finds it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from modelsearch.index import insert_or_update_object
from wagtail.search.models import IndexEntry

from bench import generate as generator
from documents.models import PortalDocument
from home.models import NewsPage
from meetings.models import AgendaItem, BodyPage, MeetingPage
from papers.models import Paper
from portal.factories import enable_totp
from portal.models import SearchText, SearchWord, User
from portal.search_sources import kind_of

pytestmark = pytest.mark.django_db

MODELS = {
    "bodies": BodyPage,
    "meetings": MeetingPage,
    "news items": NewsPage,
    "agenda items": AgendaItem,
    "documents": PortalDocument,
    "papers": Paper,
}

# every column of Wagtail's index entries but the id and title_norm (the plain texts of fuzzy
# search are PostgreSQL's only)
ENTRY_FIELDS = [field.attname for field in IndexEntry._meta.concrete_fields if field.name not in ("id", "title_norm")]


def index_rows(ids):
    """Every index row of the generated objects, both indexes (``title_norm`` aside: Wagtail
    sets it from the average title length at the time, whatever path wrote the row)."""
    entries, texts = set(), set()
    for kind, pks in ids.items():
        model = MODELS[kind]
        content_type = ContentType.objects.get_for_model(model)
        entries.update(
            IndexEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks]).values_list(
                *ENTRY_FIELDS
            )
        )
        texts.update(
            SearchText.objects.filter(kind=kind_of(model), object_id__in=pks).values_list(
                "kind", "object_id", "title", "text"
            )
        )
    return entries, texts


@pytest.fixture
def generated(demo):
    words_before = set(SearchWord.objects.values_list("word", flat=True))
    ids = generator.generate(0.002)
    return ids, words_before


def test_bulk_index_equals_what_saving_writes(generated):
    ids, words_before = generated
    assert {kind: len(pks) for kind, pks in ids.items()} == {
        "bodies": 1,
        "meetings": 4,
        "news items": 1,
        "agenda items": 80,
        "documents": 40,
        "papers": 20,
    }
    objects = sum(len(pks) for pks in ids.values())
    bulk_entries, bulk_texts = index_rows(ids)
    bulk_words = set(SearchWord.objects.values_list("word", flat=True))
    assert len(bulk_entries) == objects
    assert len(bulk_texts) == objects
    if connection.vendor == "postgresql":  # computed once at the end of the bulk load
        entries = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(PortalDocument),
            object_id__in=[str(pk) for pk in ids["documents"]],
        )
        assert not entries.filter(title_norm=1.0).exists()
        with connection.cursor() as cursor:  # the GIN indexes are back
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE tablename IN (%s, %s) AND indexdef LIKE %s",
                [IndexEntry._meta.db_table, SearchText._meta.db_table, "% USING gin %"],
            )
            assert cursor.fetchone()[0] >= 6

    # the same objects indexed the way saving them indexes them, one by one
    for kind, pks in ids.items():
        content_type = ContentType.objects.get_for_model(MODELS[kind])
        IndexEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks]).delete()
        SearchText.objects.filter(kind=kind_of(MODELS[kind]), object_id__in=pks).delete()
    SearchWord.objects.exclude(word__in=words_before).delete()
    assert index_rows(ids) == (set(), set())
    for kind, pks in ids.items():
        for obj in MODELS[kind].objects.filter(pk__in=pks):
            insert_or_update_object(obj)

    saved_entries, saved_texts = index_rows(ids)
    assert saved_texts == bulk_texts
    assert saved_entries == bulk_entries
    assert set(SearchWord.objects.values_list("word", flat=True)) == bulk_words


def hit_urls(client, query, source):
    response = client.get("/suche/", {"q": query, "typ": source})
    assert response.status_code == 200
    return response.content.decode()


def test_site_search_finds_generated_objects(generated):
    ids, _ = generated
    staff = User.objects.get(email="leitung@example.org")  # city staff: reads everything
    enable_totp(staff)
    client = Client()
    client.force_login(staff)

    item = AgendaItem.objects.filter(pk__in=ids["agenda items"], public=True).select_related("meeting").last()
    page = hit_urls(client, item.title, "tagesordnungspunkte")
    assert f"{item.meeting.url}#top-{item.number}" in page

    document = PortalDocument.objects.get(pk=ids["documents"][-1])
    page = hit_urls(client, document.title, "dokumente")
    assert reverse("documents:detail", args=[document.pk]) in page

    paper = Paper.objects.filter(pk__in=ids["papers"]).last()
    page = hit_urls(client, paper.number, "vorlagen")
    assert paper.get_absolute_url() in page
