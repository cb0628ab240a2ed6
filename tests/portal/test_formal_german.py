"""The portal addresses users formally ("Sie"), also on the pages and messages that come from allauth.

allauth's German catalogue uses "du"; portal/locale/de/LC_MESSAGES/django.po overrides those entries.
"""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import pytest
from django.test import Client
from django.utils import translation

import portal

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(portal.__file__).resolve().parent / "locale" / "de" / "LC_MESSAGES"
ALLAUTH_MO = Path(allauth.__file__).resolve().parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"

INFORMAL = re.compile(r"\b(du|dein|deine|deinen|deiner|dir|dich|hast|bist|kannst)\b", re.IGNORECASE)


def parse_po(path):
    """Entries of a .po file as dicts with the keys msgctxt, msgid, msgid_plural, msgstr or msgstr[N]."""
    entries, entry, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            key, _, value = line.partition(" ")
            if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
                entries.append(entry)
                entry = {}
            entry[key] = ast.literal_eval(value)
    entries.append(entry)
    return [e for e in entries if e.get("msgid")]  # without the header


PO_ENTRIES = parse_po(LOCALE_DIR / "django.po")


def entry_id(entry):
    return entry["msgid"][:50]


class MainText(HTMLParser):
    """Collects the text a visitor sees inside <main>, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if self.in_main and not self.hidden:
            self.parts.append(data)


def main_text(html):
    parser = MainText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("url", ["/konto/login/", "/konto/password/reset/"])
def test_account_pages_address_users_formally(url):
    response = Client().get(url)
    assert response.status_code == 200
    text = main_text(response.content.decode())
    assert text, "no text found in <main>"
    assert "Sie" in text or "Ihr" in text
    assert not INFORMAL.findall(text), text


def test_override_catalogue_is_not_empty():
    assert len(PO_ENTRIES) >= 50
    for entry in PO_ENTRIES:
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert all(translations), entry["msgid"]
        assert not any(INFORMAL.search(t) for t in translations), entry["msgid"]


@pytest.mark.parametrize("entry", PO_ENTRIES, ids=entry_id)
def test_override_is_in_effect(entry):
    msgid, context, plural = entry["msgid"], entry.get("msgctxt"), entry.get("msgid_plural")
    with translation.override("de"):
        if plural and context:
            active = [translation.npgettext(context, msgid, plural, n) for n in (1, 2)]
        elif plural:
            active = [translation.ngettext(msgid, plural, n) for n in (1, 2)]
        elif context:
            active = translation.pgettext(context, msgid)
        else:
            active = translation.gettext(msgid)
    expected = [entry["msgstr[0]"], entry["msgstr[1]"]] if plural else entry["msgstr"]
    assert active == expected


def test_compiled_catalogue_matches_po():
    """django.mo is committed; it has to be recompiled whenever django.po changes."""
    with open(LOCALE_DIR / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for entry in PO_ENTRIES:
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            assert catalogue._catalog[(key, 0)] == entry["msgstr[0]"]
            assert catalogue._catalog[(key, 1)] == entry["msgstr[1]"]
        else:
            assert catalogue._catalog[key] == entry["msgstr"]
    assert len(catalogue._catalog) - 1 == sum(2 if "msgid_plural" in e else 1 for e in PO_ENTRIES)


def test_no_informal_allauth_translation_is_left():
    """Catches informal strings that a newer allauth release brings along."""
    with open(ALLAUTH_MO, "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    informal = []
    with translation.override("de"):
        for key in catalogue._catalog:
            plural = isinstance(key, tuple)
            context, _, msgid = (key[0] if plural else key).rpartition("\x04")
            if not msgid:
                continue
            if plural and context:
                active = " ".join(translation.npgettext(context, msgid, msgid, n) for n in (1, 2))
            elif plural:
                active = " ".join(translation.ngettext(msgid, msgid, n) for n in (1, 2))
            elif context:
                active = translation.pgettext(context, msgid)
            else:
                active = translation.gettext(msgid)
            if INFORMAL.search(active):
                informal.append(msgid)
    assert not informal
