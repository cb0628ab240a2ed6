"""The staff's admin in a browser: the contracts dashboard at a common laptop width (no table cut off,
nothing scrolls sideways), and Wagtail's date picker in German."""

import re

import pytest

from contracts.models import Contract
from portal.factories import PASSWORD, enable_totp, staff_user
from tests.e2e.conftest import log_in, sideways
from tests.portal.test_accounts import totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_contracts_dashboard_fits_1280px(browser, live_server, site):
    from contracts import seed
    from portal import seed as portal_seed

    portal_seed.run()
    seed.run()
    staff = staff_user("Fachbereichsleitung", mfa=False, email="leitung-test@example.org")
    secret = enable_totp(staff)
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, staff.email, PASSWORD)
    page.wait_for_url(re.compile(r"/konto/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(re.compile(r"/mein-bereich/|/admin/"))
    page.goto("/admin/vertraege/")
    assert page.locator("table.contracts-table").count() >= 2
    wide = sideways(page, ".contracts-dashboard")  # the document, and everything on the dashboard
    assert not wide, "\n".join(wide)

    # the date picker Wagtail bundles writes "Save Selected" into its markup
    page.goto(f"/admin/snippets/contracts/contract/edit/{Contract.objects.first().pk}/")
    page.locator("input[name=start]").click()
    page.wait_for_selector(".xdsoft_save_selected", state="attached")
    texts = page.eval_on_selector_all(".xdsoft_save_selected", "buttons => buttons.map(b => b.textContent)")
    context.close()
    assert texts and set(texts) == {"Auswahl übernehmen"}
