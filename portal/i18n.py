"""The public site in several languages (Wagtail's localisation with wagtail-localize).

German is the source language: its URLs have no prefix and every page exists in German. The
other languages of ``settings.LANGUAGES`` live under ``/<code>/``. A page translated into the
visitor's language is shown in it; any other page (meetings, minutes, contracts, Leichte
Sprache, pages not translated yet) is shown in German under the same prefix, with the site
chrome in the visitor's language and a note that the text is German. Translations take the
audience of their German source page (``portal.access.sync_audience_from_source``), so a members-only page is never
public in any language.
"""

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info


def default_language():
    return settings.LANGUAGE_CODE


def active_language():
    language = translation.get_language() or default_language()
    return language if language in dict(settings.LANGUAGES) else default_language()


def language_names():
    """(code, name in that language) for every configured language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def prefixed_path(page_path, language):
    """A German page's path as seen from ``language`` (``/en/impressum/``)."""
    if language == default_language():
        return page_path
    return f"/{language}{page_path}"


def url_parts_for_language(page, parts, request):
    """``Page.get_url_parts`` for a visitor in another language: a German page keeps that
    language's prefix, so following links never drops the chosen language (the page is routed
    through ``route_with_fallback``)."""
    language = active_language()
    if parts is None or parts[2] is None or language == default_language():
        return parts
    site_roots = page._get_relevant_site_root_paths(request)
    if not site_roots or site_roots[0][3] != default_language():
        return parts  # a translation has its own address
    site_id, root_url, page_path = parts
    return site_id, root_url, prefixed_path(page_path, language)


def route_with_fallback(page, request, path_components, route):
    """Route in the page's own language; where its tree has no such page, in the German one."""
    try:
        return route(request, path_components)
    except Http404:
        if page.locale_id is None:
            raise
        source = (
            page.get_translations()
            .filter(locale__language_code=default_language())
            .exclude(locale_id=page.locale_id)
            .specific()
            .first()
        )
        if source is None:
            raise
        return source.route(request, path_components)


def localize(pages, *, select_related=(), prefetch_related=()):
    """The given German pages in the active language: each replaced by its live translation
    where one exists (one query), in the same order. A translation is used only when its
    audience is the source page's (fail closed)."""
    pages = list(pages)
    language = active_language()
    if not pages or language == default_language():
        return pages
    from wagtail.models import Page

    model = type(pages[0])
    if any(type(p) is not model for p in pages):
        model = Page
    translations = (
        model.objects.live()
        .filter(locale__language_code=language, translation_key__in=[p.translation_key for p in pages])
        .select_related(*select_related)
        .prefetch_related(*prefetch_related)
    )
    if model is Page:
        translations = translations.specific()
    found = {t.translation_key: t for t in translations}
    result = []
    for page in pages:
        translated = found.get(page.translation_key)
        same_audience = translated is not None and getattr(translated, "audience", None) == getattr(
            page, "audience", None
        )
        result.append(translated if same_audience else page)
    return result


def page_languages(page, request):
    """What the language switcher, the hreflang links and the fallback note need for a page.

    ``links``: (code, name, url, translated, current) per language; ``fallback``: the page is
    shown in German because it has no translation in the active language; ``outdated``: the
    German source changed after this translation was published; ``source_url``: the German
    page. One query (the page's live translations).
    """
    language = active_language()
    versions = {
        p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    versions.setdefault(page.locale.language_code, page)
    source = versions.get(default_language())
    links = []
    for code, name in language_names():
        version = versions.get(code) or source
        url = _url_in(version, code, request) if version is not None else None
        if url:
            links.append((code, name, url, code in versions, code == language))
    shown = page.locale.language_code
    outdated = bool(
        shown != default_language()
        and source is not None
        and source.last_published_at
        and page.last_published_at
        and source.last_published_at > page.last_published_at
    )
    return {
        "links": links,
        "fallback": shown != language,
        "content_language": shown,
        "outdated": outdated,
        "source_url": _url_in(source, default_language(), request) if outdated else None,
    }


def _url_in(page, language, request):
    with translation.override(language):
        return page.get_url(request)


def view_languages_empty():
    return {"links": [], "fallback": False, "content_language": None, "outdated": False, "source_url": None}


def view_languages(request):
    """The language switcher of a view that is not a page: the same address in each language,
    or no links when the address has no language versions (admin, login, downloads)."""
    path = request.get_full_path()
    links = [
        (code, name, translate_url(path, code), False, code == active_language()) for code, name in language_names()
    ]
    if len({url for _code, _name, url, _t, _c in links}) < 2:
        links = []
    return {**view_languages_empty(), "links": links}


# --- PO files in wagtail-localize's translation editor ---------------------------------------

TRANSLATION_ID = "X-WagtailLocalize-TranslationID"


def po_upload_problem(upload):
    """Why an uploaded file cannot be a PO file of the translation editor, or None.

    wagtail-localize's upload answers a missing file or a PO file without its translation ID
    with a server error; these are caught before it runs (nothing is imported then)."""
    import os
    import tempfile

    import polib
    from django.utils.translation import gettext as _

    if upload is None:
        return _("Bitte wählen Sie eine PO-Datei aus, die Sie hochladen möchten.")
    # polib reads a path as well as a text: parse the file from a temporary file of its own.
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as file:
        for chunk in upload.chunks():
            file.write(chunk)
    upload.seek(0)
    try:
        po = polib.pofile(file.name)
    except (OSError, UnicodeDecodeError, ValueError):
        return _("Die Datei „%(name)s“ ist keine gültige PO-Datei. Die bisherigen Übersetzungen sind unverändert.") % {
            "name": upload.name
        }
    finally:
        os.unlink(file.name)
    if not po.metadata.get(TRANSLATION_ID):
        return _(
            "Die Datei „%(name)s“ gehört zu keiner Übersetzung: Ihr fehlt die Kennung der Übersetzung. "
            "Bitte laden Sie die PO-Datei im Übersetzungseditor herunter, übersetzen Sie diese Datei und "
            "laden Sie sie wieder hoch. Die bisherigen Übersetzungen sind unverändert."
        ) % {"name": upload.name}
    return None


def upload_translation_po(request, translation_id):
    """wagtail-localize's PO upload (same address, registered before it), after the checks of
    ``po_upload_problem``: a file it would fail on is refused with a message, back in the editor."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404, redirect
    from wagtail.admin.utils import get_valid_next_url_from_request
    from wagtail_localize.models import Translation
    from wagtail_localize.views.edit_translation import upload_pofile, user_can_edit_instance

    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    problem = po_upload_problem(request.FILES.get("file"))
    if problem is None:
        return upload_pofile(request, translation_id)
    messages.error(request, problem)
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
