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
