"""Factories for programmes, contracts and reports, shared by the tests and the demo seeders."""

import datetime
from decimal import Decimal

import factory

from portal.factories import OrganisationFactory

from .models import Contract, ContractReport, District, FundingProgramme, TargetGroup


class FundingProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingProgramme

    name = factory.Sequence(lambda n: f"Förderprogramm {n}")
    funder = "Land NRW"
    amount_per_position = Decimal("56000")
    positions = Decimal("10")
    start = datetime.date(2022, 1, 1)
    end = datetime.date(2027, 12, 31)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Stadtteil {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class ContractFactory(factory.django.DjangoModelFactory):
    """A running contract; ``districts=[...]`` and ``target_groups=[...]`` set its relations."""

    class Meta:
        model = Contract
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
        model = ContractReport

    contract = factory.SubFactory(ContractFactory)
    kind = "narrative"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 6, 30)
    due_date = datetime.date(2026, 7, 31)
