"""Every URL pattern against every role, with the expected status.

The test fails when a URL pattern exists that no table lists: a new URL must say who may see it.
Besides the roles of ``tests.conftest.ROLES``, three people whose Gremium access through an
organisation has ended (removed member, deactivated membership, inactive organisation) get
exactly what member B gets. The Wagtail and Django admins are checked as a whole (they have hundreds of patterns and one
gate: admin access, plus MFA for staff).
"""

from types import SimpleNamespace

import pytest
from django.urls import URLResolver, get_resolver

from documents.factories import portal_document
from home.models import NewsPage
from portal.access import Audience
from portal.factories import InvitationFactory
from portal.notifications import unsubscribe_token
from tests.conftest import ROLES, make_people
from tests.matrix import contracts as contracts_matrix
from tests.matrix import documents, oparl, portal
from tests.matrix import meetings as meetings_matrix
from tests.matrix import papers as papers_matrix

pytestmark = pytest.mark.django_db

TABLES = [portal, documents, meetings_matrix, oparl, contracts_matrix, papers_matrix]
ROWS = {pattern: row for table in TABLES for pattern, row in table.ROWS.items()}
POSTS = {pattern: row for table in TABLES for pattern, row in getattr(table, "POSTS", {}).items()}
PAGES = {name: row for table in TABLES for name, row in getattr(table, "PAGES", {}).items()}
ADMIN_PREFIXES = ("admin/", "django-admin/")
# People whose Gremium access through organisation A has ended, and who are still members of
# organisation B: they must get exactly what member B gets, everywhere (column of member_b).
FORMER_BODY_MEMBERS = ["removed_from_a", "membership_a_deactivated", "organisation_inactive"]
B = ROLES.index("member_b")


def former_body_members(people, body):
    """The states that end access derived from an organisation, each with a body membership of
    the body acting for that organisation (not ended: the access rule alone must stop it)."""
    from meetings.models import BodyMembership
    from portal.factories import OrganisationFactory, member_of
    from portal.models import Membership

    removed = member_of(people.org_b, email="entfernt@example.org")
    Membership.objects.create(user=removed, organisation=people.org_a, active=False)
    deactivated = member_of(people.org_b, email="deaktiviert@example.org")
    Membership.objects.create(user=deactivated, organisation=people.org_a)
    Membership.objects.filter(user=deactivated, organisation=people.org_a).update(active=False)
    closed = OrganisationFactory(name="Aufgelöster Träger", active=False)
    in_closed = member_of(people.org_b, email="aufgeloest@example.org")
    Membership.objects.create(user=in_closed, organisation=closed)
    for user, organisation in [(removed, people.org_a), (deactivated, people.org_a), (in_closed, closed)]:
        BodyMembership.objects.create(body=body, user=user, organisation=organisation)
    people.users.update(
        {"removed_from_a": removed, "membership_a_deactivated": deactivated, "organisation_inactive": in_closed}
    )


def with_former_members(expected):
    return [*zip(ROLES, expected, strict=True), *((role, expected[B]) for role in FORMER_BODY_MEMBERS)]


def url_patterns(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def test_every_url_pattern_is_in_the_matrix():
    patterns = {p for p in url_patterns() if not p.startswith(ADMIN_PREFIXES)}
    missing = sorted(patterns - set(ROWS))
    assert not missing, f"URL patterns missing from the access matrix: {missing}"
    stale = sorted(set(ROWS) - patterns)
    assert not stale, f"Matrix rows for URL patterns that no longer exist: {stale}"


@pytest.fixture(scope="module")
def matrix_data(module_db):
    """The objects the URLs point at, built once for the whole matrix (it is only read)."""
    from home import seed
    from tests.meetings.scenario import meetings_scenario

    people = make_people()
    site = seed.run()
    meetings = meetings_scenario(site, people)
    former_body_members(people, meetings.body)
    invitation = InvitationFactory(organisation=people.org_a)
    translated = translated_pages(site)
    return SimpleNamespace(
        **translated,
        people=people,
        home=site,
        org_a=people.org_a,
        invitation_a=invitation,
        membership_a=people.users["member_a"].memberships.get(),
        members_news=NewsPage.objects.get(audience="members", locale__language_code="de"),
        unsubscribe_token=unsubscribe_token(people.users["member_a"], "members_news"),
        public_news=NewsPage.objects.filter(audience="public", locale__language_code="de").first(),
        document_a=portal_document(audience=Audience.ORGANISATION, organisation=people.org_a),
        meetings=meetings,
        **contracts_matrix.context(people, site),
        **papers_matrix.context(people, meetings),
    )


def translated_pages(home):
    """Real translations, made through wagtail-localize: a content page in English, the public
    news in Arabic and the members-only news in English and Ukrainian (with its audience)."""
    from home import seed_translations
    from home.models import ContentPage

    locales = seed_translations.ensure_locales()
    group = ContentPage.objects.get(slug="lenkungsgruppe", locale=locales["de"])
    members_news = NewsPage.objects.get(audience="members", locale=locales["de"])
    public_news = NewsPage.objects.filter(audience="public", locale=locales["de"]).first()
    jobs = [(group, "en"), (public_news, "ar"), (members_news, "en"), (members_news, "uk")]
    for page, code in jobs:
        seed_translations.translate(page, locales[code], {page.title: f"{page.title} ({code})"})
    urls = {
        f"{name}_{code}": page.get_translation(locales[code]).url
        for name, page, code in [
            ("group", group, "en"),
            ("public_news", public_news, "ar"),
            ("members_news", members_news, "en"),
            ("members_news", members_news, "uk"),
        ]
    }
    for name, url in urls.items():
        assert url.startswith(f"/{name[-2:]}/"), (name, url)
    return {"translated_urls": urls}


@pytest.fixture
def ctx(matrix_data, db, module_media):
    # a copy per test: the POST rows replace some objects, and each test's changes roll back
    return SimpleNamespace(**vars(matrix_data))


def check(response, expected, label):
    if expected == portal.LOGIN:
        assert response.status_code == 302, label
        assert response["Location"].startswith("/konto/login/"), label
    else:
        assert response.status_code == expected, f"{label}: {response.status_code} != {expected}"


@pytest.mark.parametrize("pattern", sorted(ROWS))
def test_get_matrix(ctx, pattern):
    build_url, expected = ROWS[pattern]
    url = build_url(ctx)
    for role, status in with_former_members(expected):
        check(ctx.people.client(role).get(url), status, f"GET {url} as {role}")


@pytest.mark.parametrize("pattern", sorted(ROWS))
def test_get_matrix_in_other_languages(ctx, pattern):
    """Every address with language versions (/en/…, /ar/…) answers every role as in German."""
    from django.urls import translate_url

    build_url, expected = ROWS[pattern]
    url = build_url(ctx)
    for language in ("en",):
        translated = translate_url(url, language)
        if translated == url:
            continue  # no language versions (accounts, admin, downloads, feeds, API)
        for role, status in zip(ROLES, expected, strict=True):
            check(ctx.people.client(role).get(translated), status, f"GET {translated} as {role}")


def in_language(url, language):
    """The same page's address under ``language``'s prefix (German unprefixed)."""
    from django.conf import settings

    path = url
    for code, _name in settings.LANGUAGES:
        if url.startswith(f"/{code}/"):
            path = url[len(code) + 1 :]
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix_in_every_language(ctx, name):
    """Each page under other languages' prefixes (its translation where there is one, else the
    German page with the chrome in that language) answers every role as its German page: a
    page that is not public, and its translations, under every prefix; a public one in English
    and Arabic."""
    from django.conf import settings

    build_url, expected = PAGES[name]
    restricted = any(status != 200 for status in expected)
    languages = [code for code, _name in settings.LANGUAGES] if restricted else ["en", "ar"]
    for language in languages:
        url = in_language(build_url(ctx), language)
        for role, status in zip(ROLES, expected, strict=True):
            check(ctx.people.client(role).get(url), status, f"GET {url} ({name}) as {role}")


def test_in_language():
    assert in_language("/en/nachrichten/x/", "uk") == "/uk/nachrichten/x/"
    assert in_language("/en/nachrichten/x/", "de") == "/nachrichten/x/"
    assert in_language("/nachrichten/x/", "ar") == "/ar/nachrichten/x/"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matrix(ctx, name):
    build_url, expected = PAGES[name]
    url = build_url(ctx)
    for role, status in with_former_members(expected):
        check(ctx.people.client(role).get(url), status, f"GET {url} ({name}) as {role}")


@pytest.mark.parametrize("pattern", sorted(POSTS))
def test_post_matrix(ctx, pattern):
    build_url = ROWS[pattern][0]
    for role, status in with_former_members(POSTS[pattern]):
        # a fresh object per role, so one role's change does not hide the next one's
        ctx.invitation_a = InvitationFactory(organisation=ctx.org_a)
        member = ctx.people.users["member_a"]
        ctx.membership_a = member.memberships.get()
        ctx.membership_a.active = True
        ctx.membership_a.save()
        url = build_url(ctx)
        check(
            ctx.people.client(role).post(url, {"email": f"x-{role}@example.org", "role": "member"}),
            status,
            f"POST {url} as {role}",
        )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("/admin/", (LOGIN := portal.LOGIN, 403, 403, 403, 200, 200, LOGIN)), ("/admin/pages/", None)],
)
def test_wagtail_admin_gate(ctx, url, expected):
    expected = expected or (portal.LOGIN, 403, 403, 403, 200, 200, portal.LOGIN)
    for role, status in zip(ROLES, expected, strict=True):
        response = ctx.people.client(role).get(url, follow=status == 403)
        if status == portal.LOGIN:
            assert response.status_code == 302
            assert "login" in response["Location"], role
        else:
            assert response.status_code == status, f"{url} as {role}: {response.status_code}"


def test_django_admin_gate(ctx):
    expected = (portal.LOGIN, 403, 403, 403, 403, 403, portal.LOGIN)
    for role, status in zip(ROLES, expected, strict=True):
        response = ctx.people.client(role).get("/django-admin/", follow=status == 403)
        if status == portal.LOGIN:
            assert response.status_code == 302
            assert "login" in response["Location"], role
        else:
            assert response.status_code == status, f"django-admin as {role}: {response.status_code}"
