"""A seeded world for API tests: content, two students with their own rows, an instructor, an admin."""

from dataclasses import dataclass

from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import session_create
from learning.assignments.services import submission_create
from learning.progress.services import enrollment_create, material_complete, material_view
from learning.quizzes.services import quiz_answer, quiz_attempt_start, quiz_attempt_submit
from learning.review.services import quiz_analysis_run, submission_evaluate
from notifications.services import notification_notify
from notifications.types import NotificationType
from payments.models import SubscriptionPlan
from payments.services import checkout_start, webhook_receive
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
from tests.payments.factories import PaymentMethodFactory
from tests.payments.fake_stripe import FakeStripe, signed

HIDDEN_CASE = {"input": "41 1", "expected_output": "42", "hidden": True}
VISIBLE_CASE = {"input": "1 2", "expected_output": "3", "hidden": False}


@dataclass
class Learner:
    user: User
    submission: object
    attempt: object


@dataclass
class World:
    language: object
    inactive_language: object
    module: object
    deleted_module: object
    assignment: object
    quiz: object
    a: Learner
    b: Learner
    instructor: User
    admin: User

    def client(self, who: str | None) -> APIClient:
        client = APIClient()
        user = {"a": self.a.user, "b": self.b.user, "instructor": self.instructor, "admin": self.admin}.get(who)
        if user is not None:
            _, token = session_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client


def learner(email: str, content: dict, *, stripe: FakeStripe, rows: int = 1) -> Learner:
    user = UserFactory(email=email)
    enrollment_create(user=user, language=content["language"])
    for material in content["materials"]:
        material_view(user=user, material=material)
    material_complete(user=user, material=content["materials"][0])
    submissions, attempts = [], []
    for number in range(rows):
        submission = submission_create(
            user=user,
            assignment=content["assignment"],
            code=f"print(sum(map(int, input().split())))  # {number}\n",
        )
        submission_evaluate(submission=submission)
        submissions.append(submission)
        attempt = quiz_attempt_start(user=user, quiz=content["quiz"])
        quiz_answer(attempt=attempt, question=content["question"], option=content["right"])
        quiz_attempt_submit(attempt=attempt)
        quiz_analysis_run(attempt=attempt)
        attempts.append(attempt)
        notification_notify(user=user, type=NotificationType.QUIZ_COMPLETED, title=f"Quiz completed ({number})")
        PaymentMethodFactory(user=user, is_default=number == 0)
    buy_pro(user, stripe)
    return Learner(user=user, submission=submissions[0], attempt=attempts[0])


def buy_pro(user: User, stripe: FakeStripe) -> None:
    """The user pays for PRO through Checkout, and Stripe's webhooks tell us so."""
    url = checkout_start(user=user, plan=SubscriptionPlan.PRO)
    for event in stripe.complete_checkout(url.rsplit("/", 1)[1]):
        payload, signature = signed(event)
        webhook_receive(payload=payload, signature=signature)


def build_world(*, stripe: FakeStripe, rows: int = 1) -> World:
    """The world; ``stripe`` is the ``fake_stripe`` fixture, through which each student buys PRO."""
    language = ProgrammingLanguageFactory(name="Python", slug="python")
    module = ModuleFactory(language=language, slug="basics")
    deleted_module = ModuleFactory(language=language, slug="old")
    deleted_module.delete()
    materials = [MaterialFactory(module=module) for _ in range(2)]
    assignment = AssignmentFactory(module=module, test_cases=[VISIBLE_CASE, HIDDEN_CASE])
    quiz = MCQQuizFactory(module=module)
    question = MCQQuestionFactory(quiz=quiz, explanation="Because 2 + 2 is 4.")
    right = MCQOptionFactory(question=question, is_correct=True, option_text="4")
    MCQOptionFactory(question=question, is_correct=False, option_text="5")
    content = {
        "language": language,
        "materials": materials,
        "assignment": assignment,
        "quiz": quiz,
        "question": question,
        "right": right,
    }
    return World(
        language=language,
        inactive_language=ProgrammingLanguageFactory(is_active=False, slug="cobol", name="COBOL"),
        module=module,
        deleted_module=deleted_module,
        assignment=assignment,
        quiz=quiz,
        a=learner("ada@example.com", content, stripe=stripe, rows=rows),
        b=learner("bob@example.com", content, stripe=stripe, rows=rows),
        instructor=UserFactory(role=User.Role.INSTRUCTOR, email="ines@example.com"),
        admin=UserFactory(role=User.Role.ADMIN, email="root@example.com"),
    )
