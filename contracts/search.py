"""Contracts in the site search, for their providers and city staff (registered in
contracts/wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.search_sources import Hit, Source


def _contracts(viewer):
    from .models import Contract

    if not (viewer.is_staff or viewer.organisation_ids):
        return Contract.objects.none()
    return Contract.objects.visible_to(viewer).select_related("provider")


def _describe_contract(contract):
    title = " · ".join(filter(None, [contract.reference, contract.title]))
    period = f"{date_format(contract.start, 'SHORT_DATE_FORMAT')} – {date_format(contract.end, 'SHORT_DATE_FORMAT')}"
    meta = f"{contract.provider.display_name} · {period}"
    return Hit(title, reverse("contracts:contract_detail", args=[contract.pk]), "", meta)


CONTRACTS = Source(
    "vertraege", _("Verträge"), "contracts.Contract", _contracts, _describe_contract, "start", None, "reference"
)
