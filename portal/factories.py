"""Factories for the core's models, shared by the tests and the demo seeders.

Built on factory_boy and wagtail-factories: pages are created under ``parent=`` and, unless
``publish=False``, saved as a revision and published, as an editor would.
"""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from .models import Invitation, Membership, Organisation, User

PASSWORD = "Sicheres-Test-Passwort-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified e-mail address (``verified=False``: none) and ``password``."""

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
            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})


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


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page under ``parent``, published through a revision (``publish=False``: not published,
    ``publish__user=...``: the revision's author)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(obj, create, extracted, user=None, **kwargs):
        if create and extracted is not False:
            obj.save_revision(user=user).publish(user=user, skip_permission_checks=True)


def member_of(organisation, role=Membership.Role.MEMBER, **user_kwargs):
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def staff_user(group_name, organisation=None, mfa=True, **user_kwargs):
    """A city staff member in the given group, with TOTP set up unless mfa=False."""
    user = UserFactory(**user_kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    if organisation is not None:
        MembershipFactory(user=user, organisation=organisation)
    if mfa:
        enable_totp(user)
    return user


def enable_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
