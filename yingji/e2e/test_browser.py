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


def test_resource_map_and_public_shelters_on_a_phone(live_server, browser_page):
    """The map's script asks for the visible box and draws the township's shelters only; the public page
    lists the nearest open shelters without contacts; nothing is fetched from another host."""
    from decimal import Decimal

    from yingji.shelters.tests.factories import ShelterFactory

    world = two_townships()
    for i in range(3):
        ShelterFactory(division=world.tree["town_a"], name=f"锁南避难点{i}", latitude=Decimal("35.66") + Decimal(i) / 100,
                       longitude=Decimal("103.39"), manager_phone="13911112222")
    ShelterFactory(division=world.tree["town_b"], name="达板避难点", latitude=Decimal("35.67"),
                   longitude=Decimal("103.40"))
    page = browser_page
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).netloc))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.user_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("text=待办与提醒")
    with page.expect_response(lambda r: "layer=shelters" in r.url) as answer:
        page.goto(f"{live_server.url}/resources/map/")
    titles = {point["title"] for point in answer.value.json()["points"]}
    assert titles == {"锁南避难点0", "锁南避难点1", "锁南避难点2"}
    page.wait_for_selector("#resource-map canvas")

    page.goto(f"{live_server.url}/public/shelters/?lat=35.66&lon=103.39")
    cards = page.locator("[data-testid=shelter]")
    assert cards.count() == 4 and "锁南避难点0" in cards.first.inner_text()
    assert "13911112222" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert requested_hosts == {urlparse(live_server.url).netloc}


def test_a_report_written_offline_is_sent_when_the_phone_is_back_online(live_server, browser_page):
    """The phone form keeps a report written without network and sends it on the `online` event; a photo
    the server refuses is left out of the queued report, which is stored, and the reporter is told."""
    from django.urls import reverse

    from yingji.incidents.models import Report
    from yingji.incidents.tests.factories import users

    village = users()["village"]
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", village.username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("text=待办与提醒")

    page.goto(f"{live_server.url}{reverse('incidents-field')}")
    page.select_option("[name=division]", str(village.division_id))
    page.fill("[name=nature]", "山体滑坡，道路中断")
    page.set_input_files("[name=photo]", files=[{"name": "现场.jpg", "mimeType": "image/jpeg",
                                                "buffer": b"not really a photo"}])
    page.context.set_offline(True)
    page.click("#field-form [type=submit]")
    page.wait_for_selector("#pending >> text=山体滑坡")
    assert dialogs and "无网络" in dialogs[0] and not Report.objects.exists()

    page.context.set_offline(False)
    page.wait_for_selector("#pending >> text=照片未保存")
    report = Report.objects.get()
    assert report.event.division == village.division and not report.photo
