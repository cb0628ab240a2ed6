import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from meetings.models import BodyMembership
from portal.models import Invitation, Membership, Organisation, User

PASSWORD = "Sicheres-Test-Passwort-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Träger {n} e. V.")
    short_name = factory.Sequence(lambda n: f"T{n}")
    kind = Organisation.Kind.PROVIDER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"neu{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)


class BodyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = BodyMembership.Role.MEMBER


def member_of(organisation, role=Membership.Role.MEMBER, **user_kwargs):
    user = UserFactory(**user_kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def staff_user(group_name, organisation=None, mfa=True, **user_kwargs):
    """A city staff member in the given group, with TOTP set up unless mfa=False."""
    user = UserFactory(**user_kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation)
    if mfa:
        enable_totp(user)
    return user


def enable_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# --- meetings ------------------------------------------------------------------------------


def meeting_index(home, **kwargs):
    """The meeting calendar page (/sitzungen/) under the home page."""
    from meetings.models import MeetingIndexPage

    existing = MeetingIndexPage.objects.first()
    if existing is not None:
        return existing
    page = MeetingIndexPage(title="Sitzungen", slug="sitzungen", show_in_menus=True, **kwargs)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def body_page(parent, title="Lenkungsgruppe Test", **kwargs):
    from django.utils.text import slugify

    from meetings.models import BodyPage

    kwargs.setdefault("slug", slugify(title))
    page = BodyPage(title=title, **kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def agenda_item(title="Bericht", **kwargs):
    from meetings.models import AgendaItem

    attachments = kwargs.pop("attachments", [])
    item = AgendaItem(title=title, **kwargs)
    if attachments:
        item.set_attachments(attachments)
    return item


def meeting_page(body, start=None, items=(), publish=True, user=None, **kwargs):
    """A meeting under ``body`` with the given agenda items, published unless publish=False."""
    import datetime

    from django.utils import timezone

    from meetings.models import MeetingPage

    start = start or timezone.now() + datetime.timedelta(days=14)
    kwargs.setdefault("title", f"Sitzung am {timezone.localtime(start):%d.%m.%Y}")
    kwargs.setdefault("slug", f"sitzung-{timezone.localtime(start):%Y-%m-%d-%H%M}")
    page = MeetingPage(start=start, **kwargs)
    page.agenda_items = list(items)
    body.add_child(instance=page)
    if publish:
        page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page


def portal_document(
    title="Testdokument",
    text="Testinhalt",
    audience="public",
    organisation=None,
    bodies=(),
    filename=None,
    content=None,
    **fields,
):
    """The one builder of documents in tests: a small real PDF with ``text``, or ``content`` as
    the file (named after the title when no ``filename`` is given)."""
    from documents.models import PortalDocument
    from tests.documents.helpers import pdf_bytes

    if content is None:
        content, filename = pdf_bytes(text), filename or "test.pdf"
    filename = filename or f"{title[:20]}.txt"
    return PortalDocument.objects.create_from_bytes(
        title, content, filename, bodies=bodies, audience=audience, organisation=organisation, **fields
    )


SECRET_TITLE = "Vertrauliche Vergabe an Träger X"
SECRET_TEXT = "Geheimer Angebotspreis 12.345 EUR"
SECRET_MINUTES = "Vertrauliches Protokoll zur Vergabe"
SECRET_DOCUMENT = "Vertrauliche Bewertungsmatrix"


def meetings_scenario(home, people):
    """A body with member A of organisation A in it, and three meetings.

    ``upcoming`` (public, in two weeks) and ``past`` (public, held, with approved minutes) each
    have a public and a non-public item; ``body_only`` is visible to body members and staff only.
    """
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone

    from meetings.models import BodyMembership, MeetingPage

    index = meeting_index(home)
    body = body_page(index, "Lenkungsgruppe Test")
    BodyMembership.objects.create(body=body, user=people.users["member_a"], organisation=people.org_a)
    BodyMembership.objects.create(
        body=body, user=people.users["approver"], organisation=people.city, role=BodyMembership.Role.CHAIR
    )
    # plain text files: served inline as text/plain
    public_doc = portal_document("Öffentliche Anlage Statistik", audience="public", content=b"Inhalt")
    members_doc = portal_document("Mitglieder-Anlage Konzept", audience="members", content=b"Inhalt")
    body_doc = portal_document(SECRET_DOCUMENT, audience="body", bodies=[body], content=b"Inhalt")
    now = timezone.now()
    upcoming = meeting_page(
        body,
        start=now + datetime.timedelta(days=14),
        location="Rathaus, Raum 1",
        online_link="https://konferenz.example.org/lenkungsgruppe",
        items=[
            agenda_item(
                "Bericht zur Zuwanderung", description="Öffentliche Zahlen", attachments=[public_doc, members_doc]
            ),
            agenda_item(SECRET_TITLE, public=False, description=SECRET_TEXT, attachments=[body_doc]),
        ],
    )
    past = meeting_page(
        body,
        start=now - datetime.timedelta(days=14),
        status=MeetingPage.Status.HELD,
        items=[
            agenda_item(
                "Quartiersmanagement",
                minutes="Öffentliche Diskussion",
                decision="Zur Kenntnis genommen",
                result="noted",
            ),
            agenda_item(
                "Nicht öffentliche Vergabe",
                public=False,
                public_title="Vergabeangelegenheit",
                description=SECRET_TEXT,
                minutes=SECRET_MINUTES,
                decision="Zuschlag an Träger X",
                result="adopted",
                votes_for=5,
                votes_against=0,
                votes_abstained=1,
            ),
        ],
    )
    body_only = meeting_page(
        body, start=now + datetime.timedelta(days=30), audience="body", title="Klausurtagung", slug="klausur"
    )
    return SimpleNamespace(
        index=index,
        body=body,
        upcoming=upcoming,
        past=past,
        body_only=body_only,
        public_doc=public_doc,
        members_doc=members_doc,
        body_doc=body_doc,
        secret_item=upcoming.agenda_items.get(public=False),
        past_secret_item=past.agenda_items.get(public=False),
        past_public_item=past.agenda_items.get(public=True),
    )


# --- contracts ---------------------------------------------------------------------------------


class FundingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contracts.FundingProgramme"

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funder = "Land NRW"
    amount_per_position = Decimal("56000")
    positions = Decimal("10")
    start = datetime.date(2022, 1, 1)
    end = datetime.date(2027, 12, 31)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contracts.District"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Stadtteil {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contracts.TargetGroup"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class ContractFactory(factory.django.DjangoModelFactory):
    """A running contract; ``districts=[...]`` and ``target_groups=[...]`` set its relations."""

    class Meta:
        model = "contracts.Contract"
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(FundingProgrammeFactory)
    reference = factory.Sequence(lambda n: f"56-T-{n:04d}")
    title = factory.Sequence(lambda n: f"Fallmanagement {n}")
    status = "active"
    start = datetime.date(2025, 1, 1)
    end = datetime.date(2026, 12, 31)
    positions = Decimal("1.00")
    positions_filled = Decimal("1.00")

    @factory.post_generation
    def districts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.districts.set(extracted)
            obj.save()

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)
            obj.save()


class ContractReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contracts.ContractReport"

    contract = factory.SubFactory(ContractFactory)
    kind = "narrative"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 6, 30)
    due_date = datetime.date(2026, 7, 31)


def draft_minutes(meeting, texts, user=None):
    """A new version of the minutes of ``meeting`` (``texts``: agenda item → field values), saved
    as a revision, not approved yet. Returns the minutes record."""
    from meetings.minutes import ensure_minutes

    record = ensure_minutes(meeting, user=user)
    draft = record.get_latest_revision_as_object()
    entries = list(draft.entries.all())
    for entry in entries:
        for name, value in texts.get(entry.agenda_item_id, {}).items():
            setattr(entry, name, value)
    draft.entries = entries
    draft.save_revision(user=user)
    return record


def approve_minutes(meeting, texts, user=None):
    """Minutes drafted and approved (published, as the workflow's approval does): in their
    objection period after the first approval."""
    record = draft_minutes(meeting, texts, user=user)
    record.refresh_from_db()
    record.latest_revision.publish(user=user)
    record.refresh_from_db()
    return record
