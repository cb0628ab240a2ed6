"""Case-management contracts: funding programmes, contracts with welfare providers, reports.

Who may read a contract or a report is decided in one place, ``contract_rule()``: city staff
see every contract, members of an organisation see the contracts whose provider is their
organisation, everybody else sees none. ``Contract.objects.visible_to(viewer)`` and
``ContractReport.objects.visible_to(viewer)`` apply it; no view decides by itself.
"""

from .contracts import NON_NEGATIVE, Contract, ContractDocument, ContractReport, ReportFigure, ReportReminder
from .pages import FundingTransparencyPage
from .querysets import ContractQuerySet, ContractReportQuerySet, contract_rule, may_submit_for, runs_in
from .reference import ZERO, District, FundingProgramme, TargetGroup

__all__ = [
    "NON_NEGATIVE",
    "ZERO",
    "Contract",
    "ContractDocument",
    "ContractQuerySet",
    "ContractReport",
    "ContractReportQuerySet",
    "District",
    "FundingProgramme",
    "FundingTransparencyPage",
    "ReportFigure",
    "ReportReminder",
    "TargetGroup",
    "contract_rule",
    "may_submit_for",
    "runs_in",
]
