"""Contracts in the site search, for their providers and city staff (registered in
contracts/wagtail_hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.search_sources import Hit, Source


def _contracts(viewer):
    from .models import Contract

    if not (viewer.is_staff or viewer.organisation_ids):
        return Contract.objects.none()
    return Contract.objects.visible_to(viewer).select_related("provider")


def _describe_contract(contract):
    title = " · ".join(filter(None, [contract.reference, contract.title]))
    meta = f"{contract.provider.display_name} · {contract.start:%d.%m.%Y} – {contract.end:%d.%m.%Y}"
    return Hit(title, reverse("contracts:contract_detail", args=[contract.pk]), "", meta)


CONTRACTS = Source(
    "vertraege", _("Verträge"), "contracts.Contract", _contracts, _describe_contract, "start", None, "reference"
)
