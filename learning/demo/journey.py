"""The demo set: staff and three students, whose work is made through the services as a learner's would be."""

from django.contrib.auth import get_user_model
from django.db import transaction

from learning.assignments.services import submission_create
from learning.content.models import Module
from learning.progress.services import enrollment_create, material_complete, material_view
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.models import AssignmentAnalysis
from learning.review.services import assignment_analysis_review, assignment_analysis_run, quiz_analysis_run

from .content import GOOD_PYTHON, WEAK_PYTHON, demo_content

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


def _student_journey(student, modules: list[Module], instructor, *, review: bool) -> None:
    """One student's work, through the services, as a learner would do it."""
    module = modules[0]
    enrollment_create(user=student, language=module.language)
    for material in module.materials.all()[:2]:
        material_view(user=student, material=material)
        material_complete(user=student, material=material)
    submission = submission_create(
        user=student,
        assignment=module.assignments.first(),
        code=GOOD_PYTHON if review else WEAK_PYTHON,
        language="python",
    )
    assignment_analysis_run(submission=submission)  # now, not after commit: the review below needs it
    attempt = quiz_attempt_start(user=student, quiz=module.quizzes.first())
    for index, question in enumerate(attempt.quiz.questions.all()):
        option = question.options.get(is_correct=index % 2 == 0)
        quiz_answer(attempt=attempt, question=question, option=option)
    quiz_attempt_submit(attempt=attempt)
    quiz_analysis_run(attempt=attempt)
    if review:
        assignment_analysis_review(
            analysis=AssignmentAnalysis.objects.get(submission=submission),
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
                _student_journey(student, modules, instructor, review=number == 0)
    return dict.fromkeys([ADMIN_EMAIL, INSTRUCTOR_EMAIL, *STUDENT_EMAILS], DEMO_PASSWORD)
