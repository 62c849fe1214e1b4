"""The content reads the existing client uses: modules and materials by id, modules by language and by
slug, the languages' and materials' filters, search through its index, and conditional GETs."""

import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date
from rest_framework.test import APIClient

from learning.content import selectors
from learning.content.models import Difficulty, MaterialType, ProgrammingLanguage
from learning.quizzes.services import quiz_attempt_start, quiz_attempt_submit
from tests.accounts.factories import UserFactory
from tests.learning.factories import (
    AssignmentFactory,
    MaterialFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
    ProgrammingLanguageFactory,
)

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@dataclass
class Content:
    python: object
    module: object
    loops: object
    video: object
    article: object
    assignment: object
    quiz: object
    question: object
    hidden: dict  # label → a URL that must answer 404


@pytest.fixture
def content() -> Content:
    python = ProgrammingLanguageFactory(
        name="Python", slug="python", description="A friendly language for scripts.", difficulty=Difficulty.BEGINNER
    )
    ProgrammingLanguageFactory(
        name="JavaScript",
        slug="javascript",
        description="The language of browsers.",
        difficulty=Difficulty.INTERMEDIATE,
    )
    module = ModuleFactory(language=python, slug="basics", title="Basics", order=1)
    loops = ModuleFactory(language=python, slug="loops", title="Loops", order=2)
    video = MaterialFactory(module=module, type=MaterialType.VIDEO, title="Watch", order=1)
    article = MaterialFactory(module=module, type=MaterialType.ARTICLE, title="Read", order=2)
    assignment = AssignmentFactory(module=module)
    quiz = MCQQuizFactory(module=module)
    question = MCQQuestionFactory(quiz=quiz)
    MCQOptionFactory(question=question, is_correct=True)
    MCQOptionFactory(question=question)

    deleted_module = ModuleFactory(language=python, slug="old")
    deleted_module.delete()
    deleted_material = MaterialFactory(module=module)
    deleted_material.delete()
    material_of_deleted_module = MaterialFactory(module=deleted_module)
    quiz_of_deleted_module = MCQQuizFactory(module=deleted_module)
    inactive = ProgrammingLanguageFactory(name="COBOL", slug="cobol", is_active=False)
    module_of_inactive = ModuleFactory(language=inactive, slug="divisions")
    deleted_language = ProgrammingLanguageFactory(name="Perl", slug="perl")
    module_of_deleted = ModuleFactory(language=deleted_language, slug="regexes")
    material_of_deleted_language = MaterialFactory(module=module_of_deleted)
    quiz_of_deleted_language = MCQQuizFactory(module=module_of_deleted)
    deleted_language.delete()
    hidden = {
        "deleted module": f"{V1}/modules/{deleted_module.pk}",
        "module of an inactive language": f"{V1}/modules/{module_of_inactive.pk}",
        "module of a deleted language": f"{V1}/modules/{module_of_deleted.pk}",
        "deleted material": f"{V1}/materials/{deleted_material.pk}",
        "material of a deleted module": f"{V1}/materials/{material_of_deleted_module.pk}",
        "material of a deleted language": f"{V1}/materials/{material_of_deleted_language.pk}",
        "quiz of a deleted module": f"{V1}/quizzes/{quiz_of_deleted_module.pk}",
        "quiz of a deleted language": f"{V1}/quizzes/{quiz_of_deleted_language.pk}",
        "assignments of a deleted module": f"{V1}/modules/{deleted_module.pk}/assignments",
        "quizzes of a deleted module": f"{V1}/modules/{deleted_module.pk}/quizzes",
        "quizzes of a module of a deleted language": f"{V1}/modules/{module_of_deleted.pk}/quizzes",
        "deleted module by slug": f"{V1}/languages/{python.pk}/modules/slug/old",
        "module by slug in an inactive language": f"{V1}/languages/{inactive.pk}/modules/slug/divisions",
        "module by slug in a deleted language": f"{V1}/languages/{deleted_language.pk}/modules/slug/regexes",
        "unknown slug": f"{V1}/languages/{python.pk}/modules/slug/nothing",
    }
    return Content(python, module, loops, video, article, assignment, quiz, question, hidden)


def get(url, **headers):
    return APIClient().get(url, **headers)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


# ---- the new endpoints ----


def test_a_published_module_and_material_are_read_by_anyone(content):
    module = get(f"{V1}/modules/{content.module.pk}").json()
    assert module == {
        "id": str(content.module.pk),
        "language": str(content.python.pk),
        "title": "Basics",
        "slug": "basics",
        "description": content.module.description,
        "syllabus": content.module.syllabus,
        "order": 1,
    }
    material = get(f"{V1}/materials/{content.video.pk}").json()
    assert material["id"] == str(content.video.pk)
    assert material["module"] == str(content.module.pk)
    assert material["type"] == "VIDEO"
    by_slug = get(f"{V1}/languages/{content.python.pk}/modules/slug/basics")
    assert by_slug.status_code == 200
    assert by_slug.json() == module


def test_unpublished_content_is_a_404(content):
    for label, url in content.hidden.items():
        response = get(url)
        assert response.status_code == 404, label
        assert response.json()["error"]["status"] == 404, label


def test_modules_lists_the_published_ones_by_language_and_order(content):
    javascript = selectors.public_languages().get(slug="javascript")
    intro = ModuleFactory(language=javascript, slug="intro", title="Intro", order=0)
    listed = get(f"{V1}/modules").json()["results"]
    assert [(row["language"], row["slug"]) for row in listed] == [
        (str(javascript.pk), "intro"),  # JavaScript before Python, by name
        (str(content.python.pk), "basics"),
        (str(content.python.pk), "loops"),
    ]
    assert ids(get(f"{V1}/modules?language={javascript.pk}")) == [str(intro.pk)]
    python_slugs = [row["slug"] for row in get(f"{V1}/modules?language={content.python.pk}").json()["results"]]
    assert python_slugs == ["basics", "loops"]


def test_modules_of_an_unknown_or_unpublished_language_are_none(content):
    cobol = ProgrammingLanguage.objects.get(slug="cobol")
    for language in ("00000000-0000-0000-0000-000000000000", cobol.pk):
        assert ids(get(f"{V1}/modules?language={language}")) == []


def test_modules_of_a_language_that_is_not_an_id_is_a_400_naming_it(content):
    response = get(f"{V1}/modules?language=python")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"language"}


# ---- filters ----


def test_languages_filter_by_difficulty(content):
    slugs = [row["slug"] for row in get(f"{V1}/languages?difficulty=INTERMEDIATE").json()["results"]]
    assert slugs == ["javascript"]
    response = get(f"{V1}/languages?difficulty=EXPERT")
    assert response.status_code == 400
    assert "difficulty" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python", ["python"]),
        ("PYTH", ["python"]),  # any case, a prefix of a word
        ("browsers", ["javascript"]),  # the description too
        ("friendly scripts", ["python"]),  # every word, anywhere
        ("friendly browsers", []),
        ("lang", ["javascript", "python"]),
        ("java-script", []),  # two words, "script" starts none
        ("java & !", ["javascript"]),  # tsquery syntax is not passed through
        ("++", []),  # nothing to search for
        ("cobol", []),  # inactive languages stay hidden
    ],
)
def test_languages_search_names_and_descriptions(content, text, expected):
    response = get(f"{V1}/languages", data={"search": text})
    assert [row["slug"] for row in response.json()["results"]] == expected


def test_a_too_long_search_is_a_400_naming_it(content):
    response = get(f"{V1}/languages", data={"search": "x" * 101})
    assert response.status_code == 400
    assert "search" in response.json()["error"]["fields"]


def test_search_reads_the_gin_index_not_the_table(content):
    """Every query the API makes for a search (validators, count, page) is planned on languages_search_idx."""
    ProgrammingLanguage.objects.bulk_create(
        ProgrammingLanguage(name=f"Language {n}", slug=f"bulk-{n}", description=f"Word{n} and others.")
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE learning.programming_languages")
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as captured:
        assert [row["slug"] for row in get(f"{V1}/languages?search=pyth").json()["results"]] == ["python"]
    searches = [query["sql"] for query in captured if "@@" in query["sql"]]
    assert len(searches) == 3
    for sql in searches:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Bitmap Index Scan on languages_search_idx" in plan, plan
        assert "Seq Scan" not in plan, plan


def test_materials_filter_by_type(content):
    url = f"{V1}/modules/{content.module.pk}/materials"
    assert ids(get(f"{url}?type=VIDEO")) == [str(content.video.pk)]
    assert ids(get(f"{url}?type=ARTICLE")) == [str(content.article.pk)]
    response = get(f"{url}?type=PODCAST")
    assert response.status_code == 400
    assert "type" in response.json()["error"]["fields"]


# ---- conditional GETs ----


def content_urls(content: Content) -> list[str]:
    return [
        f"{V1}/languages",
        f"{V1}/languages/{content.python.pk}",
        f"{V1}/languages/slug/python",
        f"{V1}/languages/{content.python.pk}/modules",
        f"{V1}/languages/{content.python.pk}/modules/slug/basics",
        f"{V1}/modules",
        f"{V1}/modules/{content.module.pk}",
        f"{V1}/modules/{content.module.pk}/materials",
        f"{V1}/materials/{content.video.pk}",
        f"{V1}/modules/{content.module.pk}/assignments",
        f"{V1}/modules/{content.module.pk}/quizzes",
        f"{V1}/quizzes/{content.quiz.pk}",
    ]


def test_every_content_response_has_validators_and_answers_304_when_unchanged(content):
    for url in content_urls(content):
        first = get(url)
        assert first.status_code == 200, url
        etag, last_modified = first["ETag"], first["Last-Modified"]
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag), url
        assert "no-cache" in first["Cache-Control"], url

        again = get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == etag, url

        since = get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
        assert since.status_code == 304, url
        assert since.content == b"", url

        assert get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200, url
        assert get(url, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200, url


def etag_of(url: str) -> str:
    response = get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return response["ETag"]


def test_an_edit_gives_a_new_etag_and_the_old_one_a_200(content):
    url = f"{V1}/modules/{content.module.pk}/materials"
    before = etag_of(url)
    content.article.title = "Read this"
    content.article.save()
    response = get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before
    assert "Read this" in response.content.decode()


def test_a_row_added_or_removed_gives_a_new_etag(content):
    url = f"{V1}/modules/{content.module.pk}/materials"
    first = etag_of(url)
    added = MaterialFactory(module=content.module)
    second = etag_of(url)
    added.delete()  # soft: updated_at stays as it was, only the count moves
    third = etag_of(url)
    assert second != first
    assert third != second
    assert third == first  # the same rows as at first, so the same validator


def test_each_content_endpoint_follows_its_rows(content):
    changes = [
        (f"{V1}/languages", lambda: ProgrammingLanguageFactory(name="Go", slug="go")),
        (f"{V1}/languages/{content.python.pk}", lambda: setattr_save(content.python, "description", "Batteries.")),
        (f"{V1}/modules", lambda: content.loops.delete()),
        (f"{V1}/modules/{content.module.pk}", lambda: setattr_save(content.module, "syllabus", "Week 1")),
        (f"{V1}/materials/{content.video.pk}", lambda: setattr_save(content.video, "duration", 42)),
        (f"{V1}/modules/{content.module.pk}/assignments", lambda: setattr_save(content.assignment, "max_score", 50)),
        (f"{V1}/modules/{content.module.pk}/quizzes", lambda: setattr_save(content.quiz, "title", "Check")),
        # A detail follows the rows it nests: here a question of the quiz.
        (f"{V1}/quizzes/{content.quiz.pk}", lambda: setattr_save(content.question, "question", "Why?")),
    ]
    for url, change in changes:
        before = etag_of(url)
        change()
        assert get(url, HTTP_IF_NONE_MATCH=before).status_code == 200, url
        assert etag_of(url) != before, url


def setattr_save(row, field: str, value) -> None:
    setattr(row, field, value)
    row.save()


def test_a_quiz_whose_answers_show_has_another_etag(content):
    url = f"{V1}/quizzes/{content.quiz.pk}"
    student = UserFactory()
    client = APIClient()
    client.force_authenticate(student)
    hidden = client.get(url)
    assert hidden.json()["questions"][0]["explanation"] is None
    quiz_attempt_submit(attempt=quiz_attempt_start(user=student, quiz=content.quiz))
    shown = client.get(url, HTTP_IF_NONE_MATCH=hidden["ETag"])
    assert shown.status_code == 200  # the answers are now part of the answer, so not "not modified"
    assert shown.json()["questions"][0]["explanation"] is not None
    assert shown["ETag"] != hidden["ETag"]
    assert get(url)["ETag"] == hidden["ETag"]  # anonymous callers still see no answers


def test_the_browsable_api_and_json_have_different_etags(content):
    url = f"{V1}/languages"
    assert get(url, HTTP_ACCEPT="text/html")["ETag"] != get(url)["ETag"]


def test_an_error_has_no_validators(content):
    response = get(f"{V1}/modules/{content.module.pk}/materials?type=PODCAST")
    assert response.status_code == 400
    assert "ETag" not in response
