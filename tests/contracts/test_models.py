"""Validation, warnings, the reporting schedule and the access rule of contracts and reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contracts.factories import ContractFactory, FundingProgrammeFactory
from contracts.models import Contract, ContractReport, ReportFigure
from portal.access import ANONYMOUS, Viewer
from portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_contract_validation_messages(kim):
    contract = kim.contract_a
    contract.end = contract.start
    contract.positions = Decimal("0")
    contract.positions_filled = Decimal("-1")
    contract.yearly_amount = Decimal("-5")
    errors = errors_of(contract)
    assert errors["end"] == ["Das Vertragsende muss nach dem Vertragsbeginn liegen."]
    assert errors["positions"] == ["Bitte geben Sie mehr als 0 Stellen an."]
    assert errors["positions_filled"] == ["Die besetzten Stellen dürfen nicht negativ sein."]
    assert errors["yearly_amount"] == ["Der Jahresbetrag darf nicht negativ sein."]


def test_filled_positions_cannot_exceed_the_contract(kim):
    kim.contract_a.positions_filled = Decimal("2")
    assert "mehr Stellen besetzt" in errors_of(kim.contract_a)["positions_filled"][0]


def test_programme_validation_messages():
    programme = FundingProgrammeFactory.build(start=datetime.date(2024, 1, 1), end=datetime.date(2023, 1, 1))
    programme.positions = Decimal("0")
    errors = errors_of(programme)
    assert errors["end"] == ["Das Förderende muss nach dem Förderbeginn liegen."]
    assert errors["positions"] == ["Bitte geben Sie mehr als 0 Stellen an."]


def test_report_figures_must_not_be_negative(kim):
    figure = ReportFigure(report=kim.report_a, target_group=kim.groups[0], new_cases=-1)
    assert "Bitte geben Sie keine negativen Fallzahlen an." in errors_of(figure)["new_cases"]
    report = kim.report_a
    report.due_date = report.period_end - datetime.timedelta(days=1)
    assert "erst nach dem Ende" in errors_of(report)["due_date"][0]


def test_yearly_amount_defaults_to_positions_times_programme_rate(kim):
    contract = ContractFactory(programme=kim.programme, positions=Decimal("0.5"))
    assert contract.yearly_amount == Decimal("28000.00")


def test_overcommitting_a_programme_is_a_warning_not_an_error(kim):
    big = ContractFactory(
        programme=kim.programme,
        positions=Decimal("8"),
        positions_filled=Decimal("0"),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    big.full_clean()  # no error
    warnings = big.warnings()
    assert len(warnings) == 1
    assert "binden 2026 zusammen 10,50 Stellen; das Programm hat nur 10,00" in warnings[0]
    # contracts in negotiation do not count for the others
    big.status = Contract.Status.NEGOTIATION
    big.save()
    assert kim.contract_a.warnings() == [
        "Der Träger kann das Dokument „Vermerk nur Stadt“ nicht sehen. Bitte prüfen Sie dessen Zielgruppe."
    ]


def test_contract_outside_the_programme_period_is_warned_about(kim):
    contract = ContractFactory(programme=kim.programme, end=datetime.date(2028, 6, 30))
    assert any("über den Förderzeitraum" in w for w in contract.warnings())


@pytest.mark.parametrize(
    ("interval", "start", "end", "expected"),
    [
        (6, "2025-01-01", "2025-12-31", [("2025-01-01", "2025-06-30"), ("2025-07-01", "2025-12-31")]),
        (
            6,
            "2025-03-15",
            "2026-02-28",
            [("2025-03-15", "2025-06-30"), ("2025-07-01", "2025-12-31"), ("2026-01-01", "2026-02-28")],
        ),
        (3, "2025-11-01", "2026-03-31", [("2025-11-01", "2025-12-31"), ("2026-01-01", "2026-03-31")]),
        (12, "2025-07-01", "2026-12-31", [("2025-07-01", "2025-12-31"), ("2026-01-01", "2026-12-31")]),
    ],
)
def test_schedule_periods(interval, start, end, expected):
    contract = Contract(
        report_interval=interval, start=datetime.date.fromisoformat(start), end=datetime.date.fromisoformat(end)
    )
    as_dates = [(datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)) for a, b in expected]
    assert contract.schedule_periods() == as_dates


def test_ensure_schedule_is_idempotent_and_skips_negotiations(kim):
    contract = kim.contract_a  # 2025-01-01 to 2026-12-31, half-yearly; one report exists for 2026/1
    created = contract.ensure_schedule()
    assert [r.period_start for r in created] == [
        datetime.date(2025, 1, 1),
        datetime.date(2025, 7, 1),
        datetime.date(2026, 7, 1),
    ]
    assert created[0].due_date == datetime.date(2025, 7, 31)
    assert contract.ensure_schedule() == []
    assert contract.reports.count() == 4
    negotiation = ContractFactory(programme=kim.programme, status=Contract.Status.NEGOTIATION)
    assert negotiation.ensure_schedule() == []


def test_schedule_follows_changed_terms_but_keeps_what_was_handed_in(kim):
    contract = kim.contract_a  # 2025-01-01 to 2026-12-31, half-yearly
    contract.ensure_schedule()
    handed_in = contract.reports.get(period_start=datetime.date(2026, 7, 1))
    handed_in.status, handed_in.submitted_at = ContractReport.Status.SUBMITTED, timezone.now()
    handed_in.save()
    contract.end = datetime.date(2025, 9, 30)  # shortened
    assert contract.prune_schedule() == 1  # 2026/1 goes; 2025/1 stays, 2025/2 now ends 30.09.
    assert contract.ensure_schedule() == []
    reports = {r.period_start: r for r in contract.reports.all()}
    assert sorted(reports) == [datetime.date(2025, 1, 1), datetime.date(2025, 7, 1), datetime.date(2026, 7, 1)]
    shortened = reports[datetime.date(2025, 7, 1)]
    assert shortened.period_end == datetime.date(2025, 9, 30)
    assert shortened.due_date == datetime.date(2025, 9, 30) + datetime.timedelta(days=contract.report_due_days)
    assert reports[datetime.date(2026, 7, 1)].status == ContractReport.Status.SUBMITTED
    assert contract.prune_schedule() == 0


def test_access_rule(people, kim):
    staff = Viewer(user=object(), is_staff=True)
    member_a = Viewer(user=object(), organisation_ids=frozenset([people.org_a.pk]))
    both = Viewer(user=object(), organisation_ids=frozenset([people.org_a.pk, people.org_b.pk]))
    no_org = Viewer(user=object())
    assert set(Contract.objects.visible_to(staff)) == {kim.contract_a, kim.contract_b}
    assert list(Contract.objects.visible_to(member_a)) == [kim.contract_a]
    assert set(Contract.objects.visible_to(both)) == {kim.contract_a, kim.contract_b}
    assert not Contract.objects.visible_to(no_org).exists()
    assert not Contract.objects.visible_to(ANONYMOUS).exists()
    assert list(ContractReport.objects.visible_to(member_a)) == [kim.report_a]
    assert not ContractReport.objects.visible_to(ANONYMOUS).exists()
    assert ContractReport.objects.visible_to(staff).count() == 2


def test_access_rule_follows_memberships(people, kim):
    """A member who leaves the organisation no longer sees its contracts."""
    user = people.users["member_a"]
    assert list(Contract.objects.visible_to(Viewer.for_user(user))) == [kim.contract_a]
    membership = user.memberships.get()
    membership.active = False
    membership.save()
    assert not Contract.objects.visible_to(Viewer.for_user(user)).exists()
    other = OrganisationFactory()
    assert not Contract.objects.filter(provider=other).exists()
