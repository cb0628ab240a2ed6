"""The public transparency page: aggregates only, never a single contract's money or documents."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from contracts.factories import ContractFactory
from contracts.models import Contract
from contracts.seed import transparency_page

pytestmark = pytest.mark.django_db


def amount_spellings(value):
    """The ways an amount could appear on a page."""
    plain = f"{value:.2f}"
    german = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return {plain, plain.replace(".", ","), german, german.split(",")[0] + " €", german.split(",")[0]}


@pytest.fixture
def page(site, kim):
    return transparency_page()


def test_transparency_page_shows_aggregates(page, kim, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC))
    ContractFactory(
        programme=kim.programme,
        positions=Decimal("2"),
        yearly_amount=Decimal("112000"),
        districts=[kim.districts[0]],
        target_groups=[kim.groups[1]],
    )
    ContractFactory(programme=kim.programme, status=Contract.Status.NEGOTIATION, yearly_amount=Decimal("99999"))
    response = Client().get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "4,50" in html  # 1.5 + 1 + 2 positions
    assert "252.912,55 €" in html  # 84,123.45 + 56,789.10 + 112,000 in one sum
    assert "Arbeiterwohlfahrt Test" in html and "Caritas Test" in html
    assert "Altenhagen" in html and "Haspe" in html
    for contract in Contract.objects.all():
        for spelling in amount_spellings(contract.yearly_amount):
            assert spelling not in html, (contract.reference, spelling)
        assert contract.reference not in html
    assert "Vertrag A" not in html and kim.document_a.url not in html


@pytest.mark.parametrize("third_contract", [False, True], ids=["two contracts", "three contracts, two providers"])
def test_no_total_from_fewer_than_three_providers(page, kim, time_machine, third_contract):
    """With two providers, one could work out the other's money from the total, however many
    contracts it holds itself."""
    time_machine.move_to(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC))
    if third_contract:
        ContractFactory(programme=kim.programme, provider=kim.contract_a.provider, yearly_amount=Decimal("1000"))
    html = Client().get(page.url).content.decode()
    assert "wird ab 3 Trägern veröffentlicht" in html
    assert "140.912,55" not in html
    for contract in (kim.contract_a, kim.contract_b):
        for spelling in amount_spellings(contract.yearly_amount):
            assert spelling not in html


@pytest.mark.parametrize("path", ["/", "/impressum/", "/sitemap.xml", "/feeds/nachrichten.rss", "/nachrichten/"])
def test_funding_figures_never_appear_on_public_pages(page, kim, path):
    ContractFactory(programme=kim.programme, yearly_amount=Decimal("33333.33"))
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for contract in Contract.objects.all():
        for spelling in amount_spellings(contract.yearly_amount):
            assert spelling not in html, (path, spelling)
    assert "Geheime Notiz" not in html


def test_members_pages_are_not_public(kim):
    client = Client()
    for url in ("/mein-bereich/vertraege/", f"/mein-bereich/vertraege/{kim.contract_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_page_cache_is_purged_when_a_contract_changes(page, kim, time_machine, settings):
    from portal import pagecache

    settings.PAGE_CACHE_SECONDS = 300
    time_machine.move_to(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC))
    assert Client().get(page.url)[pagecache.HIT_HEADER] == "miss"
    assert Client().get(page.url)[pagecache.HIT_HEADER] == "hit"
    kim.contract_a.positions = Decimal("3.5")
    kim.contract_a.save()
    response = Client().get(page.url)
    assert response[pagecache.HIT_HEADER] == "miss"
    assert "4,50" in response.content.decode()  # 3.5 + 1 positions
