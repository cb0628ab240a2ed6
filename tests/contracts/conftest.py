import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from contracts.factories import (
    ContractFactory,
    ContractReportFactory,
    DistrictFactory,
    FundingProgrammeFactory,
    TargetGroupFactory,
)
from contracts.models import ContractDocument
from documents.factories import portal_document
from portal.access import Audience


def link_document(contract, **fields):
    document = portal_document(**fields)
    ContractDocument.objects.create(contract=contract, document=document)
    return document


@pytest.fixture
def kim(people):
    """Organisation A and B each with a contract of the KIM programme, a due report and documents."""
    programme = FundingProgrammeFactory(name="KIM – Case Management")
    districts = [DistrictFactory(name=n) for n in ("Altenhagen", "Haspe")]
    groups = [TargetGroupFactory(name=n) for n in ("Geflüchtete", "Asylsuchende")]
    contract_a = ContractFactory(
        provider=people.org_a,
        programme=programme,
        reference="56-A-1",
        positions=Decimal("1.5"),
        positions_filled=Decimal("1.0"),
        yearly_amount=Decimal("84123.45"),
        staff_notes="Geheime Notiz der Stadt",
        districts=districts[:1],
        target_groups=groups,
    )
    contract_b = ContractFactory(
        provider=people.org_b,
        programme=programme,
        reference="56-B-1",
        yearly_amount=Decimal("56789.10"),
        districts=districts[1:],
        target_groups=groups[:1],
    )
    report_a = ContractReportFactory(contract=contract_a)
    report_b = ContractReportFactory(contract=contract_b)
    return SimpleNamespace(
        programme=programme,
        districts=districts,
        groups=groups,
        contract_a=contract_a,
        contract_b=contract_b,
        report_a=report_a,
        report_b=report_b,
        document_a=link_document(
            contract_a, title="Vertrag A", audience=Audience.ORGANISATION, organisation=people.org_a
        ),
        staff_document_a=link_document(contract_a, title="Vermerk nur Stadt", audience=Audience.STAFF),
        document_b=link_document(
            contract_b, title="Vertrag B", audience=Audience.ORGANISATION, organisation=people.org_b
        ),
        today=datetime.date.today(),
    )
