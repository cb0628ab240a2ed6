"""The gettext catalogues: every string a public visitor can see is translated in every language.

German is the source language (the msgids). The members' area, the admin, e-mails and PDFs stay
German by design; what the public pages show (the templates and modules in ``PUBLIC_SOURCES``
and the choice labels in ``public_choice_labels``) must be translated, not fuzzy, with the same
placeholders, and the committed ``.mo`` files must be compiled from the ``.po`` files.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Files (by path, as in the catalogue's references) whose strings public visitors see.
PUBLIC_SOURCES = [
    r"portal/templates/(base|403|404|500|503)\.html",
    r"portal/templates/portal/(search|search_hit|pagination|error_summary)\.html",
    r"portal/(search|search_sources)\.py",
    r"portal/templatetags/portal_i18n\.py",
    r"home/templates/home/.+\.html",
    r"home/(feeds|search)\.py",
    r"meetings/templates/meetings/(body_page|meeting_index_page|meeting_page)\.html",
    r"meetings/templates/meetings/includes/(calendar|calendar_month|meeting_content|meeting_table|agenda_entry)\.html",
    r"meetings/(forms|ical|pages|search)\.py",
    r"documents/templates/documents/(document_library_page|document_detail)\.html",
    r"documents/templates/documents/includes/(library|document_entry)\.html",
    r"documents/(library|search)\.py",
    r"contracts/templates/contracts/transparency_page\.html",
    r"contracts/templates/contracts/includes/(figure_table|bar_chart)\.html",
    r"contracts/(stats|search)\.py",
    r"papers/templates/papers/(paper_list|paper_detail|register)\.html",
    r"papers/templates/papers/includes/state\.html",
    r"papers/(forms|feeds|menu|reading|search)\.py",
]
# Text in the public templates that is the same in every language.
UNTRANSLATED_WORDS = {"RSS", "Atom", "article"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def public_choice_labels():
    """German labels of choices the public pages show (Gremium kinds and roles, meeting states,
    agenda results, action item and minutes states, objection states, document kinds and
    audiences, paper kinds, states, consultation roles and relations) and the neutral title of
    non-public items."""
    from documents.models import PortalDocument
    from meetings.models import (
        NEUTRAL_TITLE,
        ActionItem,
        AgendaItem,
        BodyMembership,
        BodyPage,
        MeetingPage,
        Minutes,
        Objection,
    )
    from papers.models import Consultation, Paper, PaperRelation, PaperState
    from portal.access import Audience

    choices = (
        BodyPage.Kind,
        BodyMembership.Role,
        MeetingPage.Status,
        AgendaItem.Result,
        ActionItem.Status,
        Minutes.Status,
        Objection.Status,
        PortalDocument.Kind,
        Audience,
        Paper.Kind,
        PaperState,
        Consultation.Role,
        PaperRelation.Kind,
    )
    with translation.override(settings.LANGUAGE_CODE):
        return {str(label) for c in choices for label in c.labels} | {str(NEUTRAL_TITLE)}


def catalogue(language):
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def is_public(entry, labels):
    files = [path for path, _line in entry.occurrences]
    return entry.msgid in labels or any(re.fullmatch(p, f) for p in PUBLIC_SOURCES for f in files)


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_string_is_translated(language):
    labels = public_choice_labels()
    public = [e for e in catalogue(language) if e.msgid and not e.obsolete and is_public(e, labels)]
    assert len(public) > 200
    missing = [e.msgid for e in public if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], f"{language}: {len(missing)} public strings without a translation"
    for entry in public:
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            assert placeholders(form) == expected, (language, entry.msgid, form)


def test_every_public_choice_label_is_in_the_catalogues():
    msgids = {e.msgid for e in catalogue("en")}
    assert public_choice_labels() - msgids == set()


def test_every_public_source_is_in_the_catalogues():
    """A renamed or removed file would silently drop out of the check above."""
    files = {path for e in catalogue("en") for path, _line in e.occurrences}
    for pattern in PUBLIC_SOURCES:
        assert any(re.fullmatch(pattern, f) for f in files), pattern


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_are_complete(language):
    po = catalogue(language)
    count = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    assert count == {"ar": 6, "uk": 4, "ro": 3}.get(language, 2)
    for entry in po:
        if entry.msgid_plural and entry.translated():
            assert len(entry.msgstr_plural) == count and all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", [settings.LANGUAGE_CODE, *LANGUAGES])
def test_committed_mo_files_are_compiled_from_the_po_files(language):
    """The .mo files are committed (nothing to compile on a fresh clone): they must hold exactly
    the translations of the .po files (``manage.py compilemessages`` after every change)."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"

    def translations(entries):
        found = {}
        for e in entries:
            value = tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr
            texts = [text for _n, text in value] if e.msgid_plural else [value]
            if e.msgid and all(texts) and "fuzzy" not in e.flags and not e.obsolete:
                found[(e.msgctxt, e.msgid)] = value
        return found

    compiled = translations(polib.mofile(str(folder / "django.mo")))
    assert compiled == translations(polib.pofile(str(folder / "django.po")))


def literal_text(template):
    """Text of a template that is neither markup, a variable nor inside a translation tag."""
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", template, flags=re.S)
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    attributes = re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    words = re.findall(r"[^\W\d_][\w-]+", " ".join([text, *attributes]))
    return [w for w in words if w not in UNTRANSLATED_WORDS]


def test_public_templates_have_no_text_outside_translation_tags():
    root = Path(settings.BASE_DIR)
    templates = [
        path
        for path in root.glob("*/templates/**/*.html")
        if any(re.fullmatch(p, str(path.relative_to(root))) for p in PUBLIC_SOURCES)
    ]
    assert len(templates) > 20
    found = {str(path.relative_to(root)): literal_text(path.read_text()) for path in templates}
    assert {path: words for path, words in found.items() if words} == {}


def test_literal_text_finds_german_outside_translation_tags():
    assert literal_text('<p>{{ start }} Uhr</p><a title="Weiter">Mehr</a>') == ["Uhr", "Mehr", "Weiter"]
    assert literal_text('<p>{% translate "Uhr" %}{% blocktranslate %}am {{ d }}{% endblocktranslate %}</p>') == []
