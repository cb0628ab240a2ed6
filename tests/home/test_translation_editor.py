"""Editors translate in the Wagtail admin with wagtail-localize's translation editor, and hand
pages to external translators as PO files: download the strings of one page and language,
upload the translated file, publish. A broken upload is refused with a clear message and changes
nothing that was translated before."""

from types import SimpleNamespace

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from home import seed_translations
from home.models import ContentPage
from tests.conftest import make_people

pytestmark = pytest.mark.django_db

OLD_TITLE = "The Steering Group"
NEW_TITLE = "The Integration Steering Group"


@pytest.fixture(scope="module")
def translated(module_db):
    from home import seed

    home = seed.run()
    seed_translations.run(home)
    return SimpleNamespace(home=home, people=make_people())


@pytest.fixture
def ctx(translated, db, module_media):
    group = ContentPage.objects.get(slug="lenkungsgruppe", locale__language_code="de")
    english = group.get_translation(Locale.objects.get(language_code="en"))
    translation = Translation.objects.get(source__object_id=group.translation_key, target_locale__language_code="en")
    return SimpleNamespace(
        **vars(translated),
        editor=translated.people.client("editor"),
        english=english,
        translation=translation,
        edit_url=reverse("wagtailadmin_pages:edit", args=[english.pk]),
        download_url=reverse("wagtail_localize:download_pofile", args=[translation.pk]),
        upload_url=reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
    )


def public_text(url="/en/lenkungsgruppe/"):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def upload(ctx, content, name="lenkungsgruppe-en.po"):
    file = SimpleUploadedFile(name, content, content_type="text/x-gettext-translation")
    return ctx.editor.post(ctx.upload_url, {"file": file, "next": ctx.edit_url})


def shown_messages(response):
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


def stored_translations(translation):
    return dict(
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__object_id=translation.source.object_id
        ).values_list("context__path", "data")
    )


def test_the_translation_editor_opens_with_po_download_and_upload(ctx):
    response = ctx.editor.get(ctx.edit_url)
    assert response.status_code == 200
    text = response.content.decode()
    assert ctx.download_url in text and ctx.upload_url in text  # the editor's tools menu


def test_editor_downloads_a_po_file_translates_it_uploads_and_publishes(ctx, django_capture_on_commit_callbacks):
    response = ctx.editor.get(ctx.download_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert (
        response["Content-Disposition"].startswith("attachment; filename=")
        and "-en.po" in response["Content-Disposition"]
    )
    po = polib.pofile(response.content.decode())
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(ctx.translation.uuid)
    title = next(entry for entry in po if entry.msgid == "Die Lenkungsgruppe")
    assert title.msgstr == OLD_TITLE
    title.msgstr = NEW_TITLE

    response = upload(ctx, str(po).encode())
    assert response.status_code == 302 and response["Location"] == ctx.edit_url
    assert shown_messages(response) == ["Übersetzungen erfolgreich von der PO Datei importiert."]
    assert OLD_TITLE in public_text()  # imported, not yet published

    with django_capture_on_commit_callbacks(execute=True):
        response = ctx.editor.post(ctx.edit_url, {"action": "publish"})
    assert response.status_code == 302
    text = public_text()
    assert NEW_TITLE in text and OLD_TITLE not in text.replace(NEW_TITLE, "")
    assert "The Steering Group" not in public_text("/lenkungsgruppe/")  # the German page is untouched


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\xff not a PO file \xfe", "Die Datei „lenkungsgruppe-en.po“ ist keine gültige PO-Datei."),
        (
            b'msgid "Die Lenkungsgruppe"\nmsgstr "Kaputt"\nkein PO\n',
            "Die Datei „lenkungsgruppe-en.po“ ist keine gültige",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            b'msgid "Die Lenkungsgruppe"\nmsgstr "Broken"\n',
            "Die Datei „lenkungsgruppe-en.po“ gehört zu keiner Übersetzung",
        ),
    ],
    ids=["binary", "syntax-error", "no-translation-id"],
)
def test_a_broken_upload_is_refused_with_a_message_and_changes_nothing(ctx, content, message):
    before = stored_translations(ctx.translation)
    response = upload(ctx, content)
    assert response.status_code == 302 and response["Location"] == ctx.edit_url
    assert any(m.startswith(message) for m in shown_messages(response)), shown_messages(response)
    assert stored_translations(ctx.translation) == before
    assert OLD_TITLE in public_text()


def test_a_po_file_of_another_language_is_refused(ctx):
    bulgarian = Translation.objects.get(source=ctx.translation.source, target_locale__language_code="bg")
    po = polib.pofile(ctx.editor.get(reverse("wagtail_localize:download_pofile", args=[bulgarian.pk])).content.decode())
    for entry in po:
        entry.msgstr = "Wrong language"
    before = stored_translations(ctx.translation)
    response = upload(ctx, str(po).encode(), name="lenkungsgruppe-bg.po")
    assert response.status_code == 302
    messages = shown_messages(response)
    assert messages == ["Eine PO Datei, die für eine andere Übersetzung erstellt wurde, kann nicht importiert werden."]
    assert stored_translations(ctx.translation) == before


def test_an_upload_without_a_file_is_refused(ctx):
    before = stored_translations(ctx.translation)
    response = ctx.editor.post(ctx.upload_url, {"next": ctx.edit_url})
    assert response.status_code == 302 and response["Location"] == ctx.edit_url
    assert shown_messages(response) == ["Bitte wählen Sie eine PO-Datei aus, die Sie hochladen möchten."]
    assert stored_translations(ctx.translation) == before


def test_the_checked_upload_answers_at_wagtail_localizes_address(ctx):
    assert resolve(ctx.upload_url).url_name == "portal_upload_translation_po"
    assert ctx.editor.get(ctx.upload_url).status_code == 405


def test_only_editors_may_download_or_upload(ctx):
    po = ctx.editor.get(ctx.download_url).content
    before = stored_translations(ctx.translation)
    for role in ("anonymous", "member_a", "org_admin", "inactive"):
        client = ctx.people.client(role)
        for response in (
            client.get(ctx.download_url),
            client.post(ctx.upload_url, {"file": SimpleUploadedFile("x.po", po.replace(b"The Steering", b"A"))}),
            client.post(ctx.upload_url, {"next": ctx.edit_url}),
        ):
            assert response.status_code in (302, 403), role
            assert response.status_code == 403 or response["Location"].startswith(("/admin/login/", "/konto/login/"))
            assert OLD_TITLE.encode() not in response.content
    assert stored_translations(ctx.translation) == before
