"""Browser tests: headless Chromium (Debian's, driven by Playwright's sync API) against a live server.

Playwright's sync API keeps an event loop in the main thread, so Django's async-safety check would
refuse the ORM calls the tests make between page actions; the tests are synchronous code, hence
DJANGO_ALLOW_ASYNC_UNSAFE.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TUYENGIAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under e2e/ drives a browser: `-m "not browser"` leaves them all out."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            # Date inputs follow the browser's own locale (LANGUAGE on Linux), not the page's:
            # with Debian's chromium-l10n installed they show dd/mm/yyyy, as a Vietnamese user sees.
            env={**os.environ, "LANGUAGE": "vi"},
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh page in its own context (no cookies shared between tests); fails on JS errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if "/static/" in r.url and r.status >= 400
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors or missing static files: {errors}"


@pytest.fixture
def demo_db(live_server, transactional_db) -> str:
    """The real administrative units (~14k) and the demo users; returns the live server's URL."""
    from django.core.management import call_command

    from tuyengiao.web.demo import demo_seed

    call_command("load_units", verbosity=0)
    demo_seed()
    return live_server.url


@pytest.fixture
def shot():
    """Saves a full-page PNG into docs/screenshots/ (the user guide embeds them by name)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login():
    """Signs a user in through the login page (every test user has the shared test password)."""
    from playwright.sync_api import expect

    from tuyengiao.testing import PASSWORD

    def sign_in(page, base: str, username: str) -> None:
        page.goto(f"{base}/login/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(f"{base}/")

    return sign_in
