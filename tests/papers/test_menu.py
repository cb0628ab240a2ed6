"""The papers and the register of decisions in the site's main navigation."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def navigation(response):
    content = response.content.decode()
    start = content.index('<nav class="main-nav"')
    return content[start : content.index("</nav>", start)]


def links(nav):
    return {
        label: (href, bool(current))
        for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    }


def test_the_main_navigation_links_papers_and_the_register(site):
    client = Client()
    home = links(navigation(client.get("/")))
    assert home["Vorlagen"] == ("/vorlagen/", False)
    assert home["Beschlussregister"] == ("/beschluesse/", False)
    assert list(home).index("Beschlussregister") < list(home).index("Suche")  # before the core's entries
    for href, _current in (home["Vorlagen"], home["Beschlussregister"]):
        assert client.get(href).status_code == 200
    papers = links(navigation(client.get("/vorlagen/", {"seite": "1"})))
    assert papers["Vorlagen"] == ("/vorlagen/", True)
    assert papers["Beschlussregister"] == ("/beschluesse/", False)
    assert links(navigation(client.get("/beschluesse/")))["Beschlussregister"] == ("/beschluesse/", True)
    # a page of the site is marked as before, and the papers' entries are not
    news = links(navigation(client.get("/nachrichten/")))
    assert news["Nachrichten"][1] and not news["Vorlagen"][1]


def test_the_entries_are_translated_and_keep_the_language(site):
    english = links(navigation(Client().get("/en/vorlagen/")))
    assert english["Papers"] == ("/en/vorlagen/", True)
    assert english["Register of decisions"] == ("/en/beschluesse/", False)
