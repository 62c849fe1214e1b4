"""The admin and Swagger UI in a real Chromium against gunicorn with the production settings: hashed static
files from WhiteNoise, and no Content-Security-Policy violation on any page."""

import re

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.models import User
from codezest.db.config import database_url
from learning.models import AnalysisType, AssignmentAnalysis
from tests.accounts.factories import PASSWORD, UserFactory
from tests.codezest.test_make_run import free_port
from tests.codezest.test_production import (
    PROXY_HEADERS,
    collected_static,
    gunicorn,
    production_environment,
)
from tests.learning.factories import AssignmentAnalysisFactory, QuizAnalysisFactory

# Skips this module outside CI when there is no Chromium (and fails in CI), as the other browser test does.
from .test_review_in_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

HASHED_STATIC = re.compile(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(css|js)$")


class PageWatch:
    """What a page did that a person would not see: CSP violations, console errors, failed files."""

    def __init__(self, page):
        self.violations: list[str] = []
        self.console_errors: list[str] = []
        self.stylesheets: list[tuple[str, int]] = []
        self.failed: list[str] = []
        page.on("console", self._console)
        page.on("response", self._response)
        page.on("requestfailed", lambda request: self.failed.append(request.url))
        # The browser's own report of each violation, gathered before any page script runs.
        page.add_init_script(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
        )

    def _console(self, message):
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the admin has no favicon; the browser asks for one anyway
        if message.type == "error":
            self.console_errors.append(message.text)
            if "Content Security Policy" in message.text:
                self.violations.append(message.text)

    def _response(self, response):
        if response.request.resource_type == "stylesheet":
            self.stylesheets.append((response.url, response.status))

    def check(self, page) -> None:
        self.violations += page.evaluate("window.__cspViolations")
        page.evaluate("window.__cspViolations = []")
        assert self.violations == []
        assert self.console_errors == []
        assert self.failed == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_instructor_reviews_under_gunicorn_with_the_production_settings(tmp_path):
    from playwright.sync_api import sync_playwright

    instructor = UserFactory(role=User.Role.INSTRUCTOR, email="prod-reviewer@example.com")
    # The tests hash passwords with MD5 for speed; production knows only its own hashers.
    hasher = PBKDF2PasswordHasher()
    instructor.password = hasher.encode(PASSWORD, hasher.salt())
    instructor.save(update_fields=["password"])
    analysis = AssignmentAnalysisFactory(overall_score=41)
    quiz_analysis = QuizAnalysisFactory()
    port = free_port()
    environment = production_environment(
        database=database_url(connection.settings_dict), static_root=collected_static(), port=port
    )
    with gunicorn(environment, tmp_path / "gunicorn.log") as (url, _server), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Chromium talks to gunicorn as the TLS proxy in front of it would.
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, extra_http_headers=PROXY_HEADERS)
            page = context.new_page()
            watch = PageWatch(page)

            page.goto(f"{url}/admin/login/")
            page.fill("#id_username", instructor.email)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(f"{url}/admin/")
            assert page.locator("#dashboard").is_visible()
            assert page.locator("#dashboard svg").count() >= 1  # the pass-rate chart, inline SVG
            watch.check(page)

            page.goto(f"{url}/admin/learning/assignmentanalysis/{analysis.pk}/change/")
            page.wait_for_selector("#id_overall_score")
            assert page.locator("pre").first.is_visible()  # the student's code, highlighted with inline styles
            # The admin's style sheet applied: the header has its colour, not the browser's default.
            header_colour = page.eval_on_selector("#header", "element => getComputedStyle(element).backgroundColor")
            assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent")
            watch.check(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "production-admin-review.png"), full_page=True)
            page.fill("#id_overall_score", "77")
            page.click("input[name=_save]")
            page.wait_for_selector(".messagelist .success")
            watch.check(page)

            page.goto(f"{url}/admin/learning/quizanalysis/{quiz_analysis.pk}/change/")
            assert page.locator("svg[role=img]").first.is_visible()  # per-topic results as an inline SVG chart
            watch.check(page)

            page.goto(f"{url}/api/docs/")
            page.wait_for_selector(".swagger-ui .info .title")
            assert "CodeZest API" in page.inner_text(".swagger-ui .info .title")
            page.wait_for_selector(".opblock-tag")  # the schema loaded and rendered by the inline script
            watch.check(page)

            page.screenshot(path=str(ARTIFACTS / "production-swagger-ui.png"))
        finally:
            browser.close()

    assert watch.stylesheets, "no style sheet was loaded"
    for stylesheet, status in watch.stylesheets:
        assert status == 200, stylesheet
        assert HASHED_STATIC.search(stylesheet), stylesheet
    analysis.refresh_from_db()
    assert (analysis.analysis_type, analysis.overall_score) == (AnalysisType.HYBRID, 77)
    assert AssignmentAnalysis.objects.get(pk=analysis.pk).analyzed_by == instructor
