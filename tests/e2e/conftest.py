"""Browser tests: Playwright driving Debian's Chromium against the live test server, with axe."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; browser tests must run in CI.")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    )
    yield browser
    browser.close()


class ThirdPartyRequests(list):
    pass


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; fails the test if the page asks any host but the test server."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    foreign = ThirdPartyRequests()

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not foreign, f"requests to third-party hosts: {foreign}"


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"axe violations on {page.url}:\n{results.generate_report()}"

    return check


def log_in(page, email, password):
    page.goto("/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden").click()


def sideways(page, scope="body"):
    """What scrolls sideways: the document, and every element that sticks out of the viewport, whose
    content sticks out of it (an unbroken word, a link), or whose content is cut off or scrolls in
    its own box (a table in a narrow container); a select wider than the screen sticks out. Form
    fields, where text scrolls inside the field by design, are left out."""
    return page.evaluate(
        """(scope) => {
        const root = document.documentElement;
        const width = root.clientWidth;
        const found = [];
        if (root.scrollWidth > width + 1) found.push(`document: ${root.scrollWidth} px wide`);
        for (const el of document.querySelectorAll(`${scope} *`)) {
          const box = el.getBoundingClientRect();
          if (box.width <= 1 || box.height <= 1) continue;  // visually hidden
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden') continue;
          if (el.matches('input, textarea, svg *')) continue;
          const wider = el.scrollWidth > el.clientWidth + 1 && !el.matches('select');
          const cut = wider && style.overflowX !== 'visible';  // cut off, or scrolling inside the page
          const spills = wider && box.left + el.scrollWidth > width + 1;  // text sticking out
          if (box.right > width + 1 || cut || spills) {
            found.push(`${el.outerHTML.slice(0, 100)} (${Math.round(box.left)}–${Math.round(box.right)} px,`
              + ` content ${el.scrollWidth} px in ${el.clientWidth} px)`);
          }
        }
        return found.slice(0, 10);
    }""",
        scope,
    )
