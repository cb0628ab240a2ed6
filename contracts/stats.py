"""Figures for the staff dashboard and the public transparency page.

Positions and money count for every contract that binds them (all but those in negotiation)
in each calendar year the contract runs, with its full yearly amount. A contract covering
several districts or target groups counts in each of them with an equal share, so the rows
of a breakdown add up to the total.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contract, ContractReport, FundingProgramme, runs_in

ZERO = Decimal("0")
DUE_SOON_DAYS = 30
ENDING_SOON_DAYS = 90
# The public page shows money only as a total over at least this many contracts, so no
# single contract's amount can be read from it.
PUBLIC_MIN_PROVIDERS = 3


@dataclass
class Row:
    label: str
    contracts: int = 0
    positions: Decimal = ZERO
    filled: Decimal = ZERO
    funding: Decimal = ZERO

    def add(self, contract, share=Decimal(1)):
        self.contracts += 1
        self.positions += contract.positions * share
        self.filled += contract.positions_filled * share
        self.funding += contract.yearly_amount * share


@dataclass
class ProgrammeYear:
    programme: FundingProgramme
    year: int
    available: Decimal
    committed: Decimal = ZERO
    filled: Decimal = ZERO
    funding: Decimal = ZERO
    contracts: int = 0

    @property
    def label(self):
        return f"{self.programme.name} {self.year}"

    @property
    def overcommitted(self):
        return self.committed > self.available


@dataclass
class Breakdown:
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> Row:
        total = Row(_("Summe"))
        for row in self.rows:
            total.positions += row.positions
            total.filled += row.filled
            total.funding += row.funding
        return total


def _breakdown(contracts, keys_of, none_label):
    """Rows per key (provider, district, target group), each contract split equally over its keys."""
    rows: dict[str, Row] = {}
    for contract in contracts:
        keys = keys_of(contract) or [none_label]
        share = Decimal(1) / len(keys)
        for key in keys:
            rows.setdefault(key, Row(key)).add(contract, share)
    ordered = sorted(rows.values(), key=lambda r: (r.label == none_label, r.label.casefold()))
    return Breakdown(ordered)


def year_choices(programmes, today):
    years = sorted({y for p in programmes for y in p.years})
    return years or [today.year]


def dashboard(viewer, year=None, today=None):
    """Everything the staff dashboard shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    programmes = list(FundingProgramme.objects.order_by("name"))
    years = year_choices(programmes, today)
    if year not in years:
        year = today.year if today.year in years else years[-1]

    contracts = list(
        Contract.objects.visible_to(viewer)
        .committing()
        .select_related("provider", "programme")
        .prefetch_related("districts", "target_groups")
        .order_by("reference")
    )

    by_programme = defaultdict(list)
    for contract in contracts:
        by_programme[contract.programme_id].append(contract)
    programme_years = []
    for programme in programmes:
        for y in programme.years:
            entry = ProgrammeYear(programme, y, programme.positions)
            for contract in by_programme[programme.pk]:
                if runs_in(contract.start, contract.end, y):
                    entry.contracts += 1
                    entry.committed += contract.positions
                    entry.filled += contract.positions_filled
                    entry.funding += contract.yearly_amount
            programme_years.append(entry)

    in_year = [c for c in contracts if runs_in(c.start, c.end, year)]
    per_provider = _breakdown(in_year, lambda c: [c.provider.display_name], _("ohne Träger"))
    per_district = _breakdown(in_year, lambda c: [d.name for d in c.districts.all()], _("ohne Stadtteil"))
    per_target_group = _breakdown(in_year, lambda c: [t.name for t in c.target_groups.all()], _("ohne Zielgruppe"))

    reports = ContractReport.objects.visible_to(viewer)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    counts = reports.counts(today, soon)
    with_contract = reports.select_related("contract__provider")
    ending = (
        Contract.objects.visible_to(viewer)
        .filter(status=Contract.Status.ACTIVE, end__gte=today, end__lte=today + datetime.timedelta(ENDING_SOON_DAYS))
        .select_related("provider", "programme")
        .order_by("end", "reference")
    )
    return {
        "today": today,
        "year": year,
        "years": years,
        "programme_years": programme_years,
        "programme_years_in_year": [p for p in programme_years if p.year == year],
        "per_provider": per_provider,
        "per_district": per_district,
        "per_target_group": per_target_group,
        "report_counts": counts,
        "due_soon_days": DUE_SOON_DAYS,
        "ending_soon_days": ENDING_SOON_DAYS,
        "overdue_reports": list(with_contract.overdue(today).order_by("due_date", "pk")[:50]),
        "due_soon_reports": list(with_contract.due_between(today, soon).order_by("due_date", "pk")[:50]),
        "awaiting_review": list(
            with_contract.filter(status=ContractReport.Status.SUBMITTED).order_by("submitted_at", "pk")[:50]
        ),
        "ending_contracts": list(ending[:50]),
    }


def public_summary(today=None):
    """Aggregates for the public page: database sums only; no single contract leaves this function."""
    today = today or timezone.localdate()
    year = today.year
    running = Contract.objects.committing().running_in(year)
    totals = running.aggregate(
        contracts=Count("pk", distinct=True),
        providers=Count("provider", distinct=True),
        positions=Sum("positions"),
        funding=Sum("yearly_amount"),
    )
    contracts = totals["contracts"] or 0
    # With fewer than three providers, one provider could subtract its own money from the
    # total and learn another's (also with several contracts of its own).
    from portal.models import Organisation

    from .models import District, TargetGroup

    provider_ids = running.values("provider_id")
    contract_ids = running.values("pk")
    return {
        "year": year,
        "contracts": contracts,
        "positions": totals["positions"] or ZERO,
        "funding": totals["funding"] if totals["providers"] >= PUBLIC_MIN_PROVIDERS else None,
        "min_providers": PUBLIC_MIN_PROVIDERS,
        "providers": list(Organisation.objects.filter(pk__in=provider_ids).order_by("name")),
        "districts": list(District.objects.filter(contract__in=contract_ids).distinct().order_by("name")),
        "target_groups": list(TargetGroup.objects.filter(contract__in=contract_ids).distinct()),
        "programmes": list(FundingProgramme.objects.filter(contracts__in=contract_ids).distinct().order_by("name")),
    }
