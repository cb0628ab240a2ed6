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
