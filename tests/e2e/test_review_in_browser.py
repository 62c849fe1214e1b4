"""An instructor reviews an analysis in a real headless Chromium, as they would by hand."""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from accounts.models import User
from learning.models import AnalysisType, AssignmentAnalysis
from tests.accounts.factories import PASSWORD, UserFactory
from tests.learning.factories import AssignmentAnalysisFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network: no background connections Chromium would make on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM:
    if os.environ.get("CI"):
        pytest.fail("CI must have Chromium: .ci/run installs Debian's chromium package.", pytrace=False)
    pytest.skip("No Chromium on this machine (apt-get install chromium); CI installs it.", allow_module_level=True)


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        try:
            yield page
        finally:
            browser.close()
            # Connections are per context, and Playwright's greenlets run the test in another one:
            # close what this test opened so the test database can be dropped at the end.
            connections.close_all()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_instructor_reviews_an_analysis_and_it_leaves_the_queue(live_server, browser_page):
    instructor = UserFactory(role=User.Role.INSTRUCTOR, email="reviewer@example.com")
    analysis = AssignmentAnalysisFactory(overall_score=41)
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", instructor.email)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("#dashboard").is_visible()

    queue = f"{live_server.url}/admin/learning/assignmentanalysis/?review=awaiting"
    page.goto(queue)
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.first.locator("th a").click()
    page.wait_for_selector("#id_overall_score")
    assert page.locator("pre").first.is_visible()  # the student's code, highlighted
    page.fill("#id_overall_score", "77")
    page.fill("#id_detailed_feedback", "Reviewed in the browser.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(queue)
    assert page.locator("#result_list tbody tr").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/admin/learning/assignmentanalysis/")
    page.screenshot(path=str(ARTIFACTS / "admin-review-queue.png"), full_page=True)

    analysis = AssignmentAnalysis.objects.get(pk=analysis.pk)
    assert (analysis.analysis_type, analysis.analyzed_by, analysis.overall_score) == (
        AnalysisType.HYBRID,
        instructor,
        77,
    )
