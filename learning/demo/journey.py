"""The demo set: staff and three students, whose work is made through the services as a learner's would be."""

from django.contrib.auth import get_user_model
from django.db import transaction

from learning.assignments.services import submission_create
from learning.content.models import Module
from learning.progress.services import enrollment_create, material_complete, material_view
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.models import AssignmentAnalysis
from learning.review.services import assignment_analysis_review, quiz_analysis_run, submission_evaluate

from .content import demo_content
from .solutions import (
    BROKEN_JAVA,
    GOOD_JAVA,
    GOOD_JAVASCRIPT,
    GOOD_PYTHON,
    WEAK_PYTHON,
    WRONG_JAVASCRIPT,
)

DEMO_PASSWORD = "zest-dev-2026"
ADMIN_EMAIL = "admin@codezest.local"
INSTRUCTOR_EMAIL = "instructor@codezest.local"
STUDENT_EMAILS = ["ada@codezest.local", "linus@codezest.local", "grace@codezest.local"]


def _person(email: str, name: str, role: str):
    User = get_user_model()
    user = User.objects.with_email(email).first()
    if user:
        return user, False
    return User.objects.create_user(email, DEMO_PASSWORD, name=name, role=role, email_verified=True), True


# What each demo student submits, by language: passing, failing and non-compiling work in all three.
SOLUTIONS = [
    {"python": GOOD_PYTHON, "java": GOOD_JAVA},
    {"python": WEAK_PYTHON, "javascript": WRONG_JAVASCRIPT},
    {"python": WEAK_PYTHON, "java": BROKEN_JAVA, "javascript": GOOD_JAVASCRIPT},
]


def _student_journey(student, modules: list[Module], instructor, *, number: int) -> None:
    """One student's work, through the services, as a learner would do it."""
    module = modules[0]
    enrollment_create(user=student, language=module.language)
    for material in module.materials.all()[:2]:
        material_view(user=student, material=material)
        material_complete(user=student, material=material)
    for language, code in SOLUTIONS[number].items():
        first_module = next(each for each in modules if each.language.slug == language)
        enrollment_create(user=student, language=first_module.language)
        submission = submission_create(user=student, assignment=first_module.assignments.first(), code=code)
        submission_evaluate(submission=submission)  # now, not after commit: the review below needs it
    attempt = quiz_attempt_start(user=student, quiz=module.quizzes.first())
    for index, question in enumerate(attempt.quiz.questions.all()):
        option = question.options.get(is_correct=index % 2 == 0)
        quiz_answer(attempt=attempt, question=question, option=option)
    quiz_attempt_submit(attempt=attempt)
    quiz_analysis_run(attempt=attempt)
    if number == 0:
        assignment_analysis_review(
            analysis=AssignmentAnalysis.objects.filter(submission__user=student).earliest("created_at"),
            reviewer=instructor,
            detailed_feedback="Clean and documented: well done.",
        )


def seed_demo() -> dict[str, str]:
    """The demo set; running it again changes nothing. Returns the logins."""
    Role = get_user_model().Role
    with transaction.atomic():
        modules = demo_content()
        _person(ADMIN_EMAIL, "Demo Admin", Role.ADMIN)
        instructor, _ = _person(INSTRUCTOR_EMAIL, "Demo Instructor", Role.INSTRUCTOR)
        for number, email in enumerate(STUDENT_EMAILS):
            student, created = _person(email, email.split("@")[0].title(), Role.STUDENT)
            if created:
                _student_journey(student, modules, instructor, number=number)
    return dict.fromkeys([ADMIN_EMAIL, INSTRUCTOR_EMAIL, *STUDENT_EMAILS], DEMO_PASSWORD)
