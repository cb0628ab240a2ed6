from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from portal.access import Viewer


def contract_rule(viewer: Viewer, prefix: str = "") -> Q:
    """The Q selecting the contracts ``viewer`` may read (``prefix`` applies it through a relation).

    Staff: all. Members: contracts whose provider is one of their organisations. Others: none
    (an empty set of organisations matches nothing).
    """
    if viewer.is_staff:
        return Q()
    return Q(**{f"{prefix}provider_id__in": viewer.organisation_ids})


def may_submit_for(viewer: Viewer, contract) -> bool:
    """Reports are submitted by members of the provider organisation (not by staff on their behalf)."""
    return contract.provider_id in viewer.organisation_ids


class ContractQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        return self.filter(contract_rule(viewer))

    def committing(self):
        """Contracts that bind positions and money (everything but those still in negotiation)."""
        return self.exclude(status=self.model.Status.NEGOTIATION)

    def running_in(self, year: int):
        return self.filter(start__lte=datetime.date(year, 12, 31), end__gte=datetime.date(year, 1, 1))


def runs_in(start, end, year: int) -> bool:
    """Whether a span from ``start`` to ``end`` overlaps the calendar year (``running_in`` in Python)."""
    return start <= datetime.date(year, 12, 31) and end >= datetime.date(year, 1, 1)


class ContractReportQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        return self.filter(contract_rule(viewer, prefix="contract__"))

    def open(self):
        """Reports the provider still has to (re)submit."""
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self, today=None):
        return self.filter(status=self.model.Status.DUE, due_date__lt=today or timezone.localdate())

    def due_between(self, first, last):
        return self.filter(status=self.model.Status.DUE, due_date__gte=first, due_date__lte=last)

    def counts(self, today, soon):
        """How many are due by ``soon``, overdue, awaiting review and sent back (one query)."""
        status = self.model.Status
        return self.aggregate(
            due_soon=Count("pk", filter=Q(status=status.DUE, due_date__gte=today, due_date__lte=soon)),
            overdue=Count("pk", filter=Q(status=status.DUE, due_date__lt=today)),
            awaiting_review=Count("pk", filter=Q(status=status.SUBMITTED)),
            revision_requested=Count("pk", filter=Q(status=status.REVISION_REQUESTED)),
        )
