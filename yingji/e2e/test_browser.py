"""End to end in headless Chromium against the real server: login → division switch → list → Excel."""

import io
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook

from yingji.core.permissions import Role
from yingji.divisions.tests.factories import PASSWORD, UserFactory, two_townships

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is required in CI (./dev test installs it as root)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 375, "height": 800})
        yield context.new_page()
        browser.close()


def test_login_switch_list_and_export(live_server, browser_page, tmp_path):
    world = two_townships()
    UserFactory(username="county-e2e", division=world.tree["county"], role=Role.COUNTY_STAFF)
    page = browser_page
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).netloc))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "county-e2e")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("text=待办与提醒")

    page.click("[data-testid=division-switch]")
    page.click(f"[data-testid=switch-{world.tree['town_a'].code}]")
    page.wait_for_selector("[data-testid=division-switch] >> text=锁南镇")

    page.goto(f"{live_server.url}/people/")
    body = page.inner_text("main")
    assert world.person_a.name in body and world.person_b.name not in body
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "people-375px.png"))

    with page.expect_download() as download_info:
        page.click("[data-testid=export]")
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert [row[0] for row in rows[1:]] == [world.person_a.name]

    assert requested_hosts == {urlparse(live_server.url).netloc}
