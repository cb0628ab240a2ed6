"""Access matrix rows of the contracts app: "Meine Verträge", reports and the transparency page.

ctx.contract_a and ctx.report_a belong to organisation A (see ``context``). Members of other
organisations get 404; staff see everything but only the provider submits reports (403).
The staff dashboard, exports and review live in the Wagtail admin (checked as a whole by the
admin gate; tests/contracts/test_admin.py checks them per role).
"""

import datetime

LOGIN = "login"


def context(people, home):
    """The objects the rows below need, added to the matrix fixture's context."""
    from contracts.factories import ContractFactory, ContractReportFactory
    from contracts.seed import transparency_page

    contract = ContractFactory(provider=people.org_a, reference="56-MATRIX-A")
    report = ContractReportFactory(
        contract=contract,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        due_date=datetime.date(2025, 7, 31),
    )
    return {"contract_a": contract, "report_a": report, "transparency": transparency_page()}


ROWS = {
    "mein-bereich/vertraege/": (lambda c: "/mein-bereich/vertraege/", (LOGIN, 200, 200, 200, 200, 200, LOGIN)),
    "mein-bereich/vertraege/<int:pk>/": (
        lambda c: f"/mein-bereich/vertraege/{c.contract_a.pk}/",
        (LOGIN, 200, 404, 200, 200, 200, LOGIN),
    ),
    "mein-bereich/berichte/<int:pk>/": (
        lambda c: f"/mein-bereich/berichte/{c.report_a.pk}/",
        (LOGIN, 200, 404, 200, 200, 200, LOGIN),
    ),
    "mein-bereich/berichte/<int:pk>/einreichen/": (
        lambda c: f"/mein-bereich/berichte/{c.report_a.pk}/einreichen/",
        (LOGIN, 200, 404, 200, 403, 403, LOGIN),
    ),
}

# A POST without figures or file is refused (400) for the provider; nobody else gets that far.
POSTS = {
    "mein-bereich/berichte/<int:pk>/einreichen/": (LOGIN, 400, 404, 400, 403, 403, LOGIN),
}

PAGES = {
    "transparency page": (lambda c: c.transparency.url, (200, 200, 200, 200, 200, 200, 200)),
}
