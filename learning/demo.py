"""Demo data: a small realistic set made through the services, and bulk students for benchmarks."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User, UserProfile
from accounts.services import user_create
from activity.models import UserActivity
from learning import services
from learning.assignments.analyzers.static import StaticPythonAnalyzer
from learning.models import (
    AnalysisType,
    Assignment,
    AssignmentAnalysis,
    AssignmentSubmission,
    EnrollmentStatus,
    LanguageEnrollment,
    Material,
    MaterialProgress,
    MaterialType,
    MCQAnswer,
    MCQAttempt,
    MCQOption,
    MCQQuestion,
    MCQQuiz,
    Module,
    ModuleProgress,
    ProgrammingLanguage,
    ProgressStatus,
    QuizAnalysis,
    SubmissionStatus,
)
from notifications.models import NotificationPreference
from payments.models import Subscription

DEMO_PASSWORD = "zest-dev-2026"
ADMIN_EMAIL = "admin@codezest.local"
INSTRUCTOR_EMAIL = "instructor@codezest.local"
STUDENT_EMAILS = ["ada@codezest.local", "linus@codezest.local", "grace@codezest.local"]
BULK_STUDENT_EMAIL = "student{:06d}@demo.codezest.local"
BATCH = 1000
EVENTS_PER_STUDENT = 1000
EVENT_NAMES = ["page_view", "material_viewed", "quiz_started", "assignment_opened", "search"]

LANGUAGES = {
    "python": ("Python", "🐍", "BEGINNER", ["Basics", "Functions"]),
    "javascript": ("JavaScript", "🟨", "BEGINNER", ["Basics", "Functions"]),
    "java": ("Java", "☕", "INTERMEDIATE", ["Basics", "Classes"]),
}
TOPIC_QUESTIONS = {
    "variables": ("Which statement gives a name to a value?", "An assignment", "A comment"),
    "loops": ("Which construct repeats code?", "A loop", "An import"),
    "functions": ("What does a function return without a return statement?", "Nothing (null or None)", "Zero"),
    "scope": ("Where is a variable made inside a function visible?", "Inside that function", "Everywhere"),
}
GOOD_PYTHON = '''def add(a, b):
    """Return the sum of a and b."""
    return a + b
'''
WEAK_PYTHON = """import os
import sys


def Add(A, B, cache=[], seen={}):
    global total
    try:
        for i in range(len(cache)):
            for j in range(len(cache)):
                for k in range(len(cache)):
                    if cache[i] == None:
                        unused = eval("A + B")
        cache.append(A)
        total = A + B
        return total
    except:
        return None
"""


def _content() -> list[Module]:
    """Languages, modules, materials, assignments and quizzes, found by their slugs and titles."""
    modules = []
    for slug, (name, icon, difficulty, module_titles) in LANGUAGES.items():
        language, _ = ProgrammingLanguage.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "icon": icon,
                "difficulty": difficulty,
                "description": f"Learn {name} from the ground up.",
            },
        )
        for order, title in enumerate(module_titles):
            module, _ = Module.objects.get_or_create(
                language=language,
                slug=title.lower(),
                defaults={
                    "title": f"{name} {title}",
                    "order": order,
                    "description": f"{title} of {name}.",
                    "syllabus": f"1. Introduction\n2. {title} in practice\n3. Exercises",
                },
            )
            modules.append(module)
            for position, (kind, topic) in enumerate(
                [
                    (MaterialType.VIDEO, "variables"),
                    (MaterialType.ARTICLE, "loops"),
                    (MaterialType.CODE_EXAMPLE, "functions"),
                ]
            ):
                Material.objects.get_or_create(
                    module=module,
                    title=f"{title}: {topic}",
                    defaults={
                        "type": kind,
                        "order": position,
                        "duration": 10 + 5 * position,
                        "content": f"# {topic.title()}\nHow {topic} work in {name}.",
                    },
                )
            Assignment.objects.get_or_create(
                module=module,
                title=f"{name} {title}: add two numbers",
                defaults={
                    "description": "Write add(a, b) returning the sum.",
                    "starter_code": "def add(a, b):\n",
                    "test_cases": [
                        {"input": "1 2", "expected_output": "3", "hidden": False},
                        {"input": "-1 1", "expected_output": "0", "hidden": True},
                    ],
                    "hints": ["The + operator adds numbers."],
                },
            )
            quiz, created = MCQQuiz.objects.get_or_create(
                module=module, title=f"{name} {title} quiz", defaults={"time_limit": 15}
            )
            if created:
                for number, (topic, (text, right, wrong)) in enumerate(TOPIC_QUESTIONS.items()):
                    question = MCQQuestion.objects.create(
                        quiz=quiz, question=text, topic=topic, order=number, explanation=f"{right} is correct."
                    )
                    MCQOption.objects.create(question=question, option_text=right, is_correct=True, order=0)
                    MCQOption.objects.create(question=question, option_text=wrong, is_correct=False, order=1)
    return modules


def _person(email: str, name: str, role: str) -> tuple[User, bool]:
    user = User.objects.with_email(email).first()
    if user:
        return user, False
    return user_create(email=email, password=DEMO_PASSWORD, name=name, role=role, email_verified=True), True


def _student_journey(student: User, modules: list[Module], instructor: User, *, review: bool) -> None:
    """One student's work, through the services, as a learner would do it."""
    module = modules[0]
    services.enrollment_create(user=student, language=module.language)
    for material in module.materials.all()[:2]:
        services.material_view(user=student, material=material)
        services.material_complete(user=student, material=material)
    submission = services.submission_create(
        user=student,
        assignment=module.assignments.first(),
        code=GOOD_PYTHON if review else WEAK_PYTHON,
        language="python",
    )
    services.assignment_analysis_run(submission=submission)
    attempt = services.quiz_attempt_start(user=student, quiz=module.quizzes.first())
    for index, question in enumerate(attempt.quiz.questions.all()):
        option = question.options.get(is_correct=index % 2 == 0)
        services.quiz_answer(attempt=attempt, question=question, option=option)
    services.quiz_attempt_submit(attempt=attempt)
    services.quiz_analysis_run(attempt=attempt)
    if review:
        services.analysis_review(
            analysis=AssignmentAnalysis.objects.get(submission=submission),
            reviewer=instructor,
            detailed_feedback="Clean and documented: well done.",
        )


def seed_demo() -> dict[str, str]:
    """The demo set; running it again changes nothing. Returns the logins."""
    with transaction.atomic():
        modules = _content()
        _person(ADMIN_EMAIL, "Demo Admin", User.Role.ADMIN)
        instructor, _ = _person(INSTRUCTOR_EMAIL, "Demo Instructor", User.Role.INSTRUCTOR)
        for number, email in enumerate(STUDENT_EMAILS):
            student, created = _person(email, email.split("@")[0].title(), User.Role.STUDENT)
            if created:
                _student_journey(student, modules, instructor, review=number == 0)
    return dict.fromkeys([ADMIN_EMAIL, INSTRUCTOR_EMAIL, *STUDENT_EMAILS], DEMO_PASSWORD)


def seed_scale(
    count: int, *, progress=None, email_pattern: str = BULK_STUDENT_EMAIL, events_per_student: int = EVENTS_PER_STUDENT
) -> int:
    """``count`` students' worth of learner data in bulk (users not yet there); returns how many were added.

    Each student also gets ``events_per_student`` analytics events spread over the past weeks, so
    ``--scale 1000`` makes a million.
    """
    modules = _content()
    emails = [email_pattern.format(number) for number in range(count)]
    existing = set(User.all_objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [email for email in emails if email not in existing]
    plan = _ScalePlan(modules, events_per_student)
    bar = tqdm(total=len(missing), unit="student", file=progress, disable=progress is None)
    for start in range(0, len(missing), BATCH):
        with transaction.atomic():
            plan.create_students(missing[start : start + BATCH])
        bar.update(len(missing[start : start + BATCH]))
    bar.close()
    return len(missing)


class _ScalePlan:
    """What each bulk student gets, prepared once: content, a password hash, two analysis reports."""

    def __init__(self, modules: list[Module], events_per_student: int):
        self.modules = modules
        self.events_per_student = events_per_student
        self.password = make_password(DEMO_PASSWORD)
        analyzer = StaticPythonAnalyzer()
        self.reports = [analyzer.analyze(code=code, language="python") for code in (GOOD_PYTHON, WEAK_PYTHON)]
        self.materials = {module.pk: list(module.materials.all()) for module in modules}
        self.assignments = {module.pk: module.assignments.first() for module in modules}
        self.quizzes = {module.pk: module.quizzes.first() for module in modules}
        self.questions = {quiz.pk: list(quiz.questions.prefetch_related("options")) for quiz in self.quizzes.values()}
        self.random = random.Random(2026)

    def create_students(self, emails: list[str]) -> None:
        now = timezone.now()
        users = User.objects.bulk_create(
            User(email=email, name=f"Student {email[7:13]}", password=self.password, email_verified=True)
            for email in emails
        )
        UserProfile.objects.bulk_create(UserProfile(user=user) for user in users)
        NotificationPreference.objects.bulk_create(NotificationPreference(user=user) for user in users)
        Subscription.objects.bulk_create(Subscription(user=user, started_at=now) for user in users)
        UserActivity.objects.bulk_create(UserActivity(user=user, type="signed_up") for user in users)
        rows = {
            model: []
            for model in (
                LanguageEnrollment,
                MaterialProgress,
                ModuleProgress,
                AssignmentSubmission,
                AssignmentAnalysis,
                MCQAttempt,
                MCQAnswer,
                QuizAnalysis,
            )
        }
        for user in users:
            self._learner_rows(user, self.random.choice(self.modules), now, rows)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
        self._analytics_events([user.pk for user in users])

    def _analytics_events(self, user_ids: list) -> None:
        """Generated by PostgreSQL itself: a million rows through the ORM would take minutes."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO activity.analytics_events (id, event_name, user_id, properties, created_at)
                SELECT gen_random_uuid(), (%s::text[])[1 + (n %% %s)], student.id,
                       jsonb_build_object('n', n), now() - make_interval(secs => n * 97 %% 2592000)
                FROM unnest(%s::uuid[]) AS student(id), generate_series(1, %s) AS n
                """,
                [EVENT_NAMES, len(EVENT_NAMES), user_ids, self.events_per_student],
            )

    def _learner_rows(self, user: User, module: Module, now, rows: dict) -> None:
        rows[LanguageEnrollment].append(
            LanguageEnrollment(user=user, language_id=module.language_id, status=EnrollmentStatus.ACTIVE)
        )
        materials = self.materials[module.pk]
        done = self.random.randint(0, len(materials))
        for material in materials[:done]:
            rows[MaterialProgress].append(
                MaterialProgress(
                    user=user, material=material, completed=True, view_count=1, last_viewed_at=now, completed_at=now
                )
            )
        complete = done == len(materials)
        rows[ModuleProgress].append(
            ModuleProgress(
                user=user,
                module=module,
                progress_percent=round(done * 100 / len(materials)),
                started_at=now,
                last_accessed_at=now,
                completed_at=now if complete else None,
                status=ProgressStatus.COMPLETED if complete else ProgressStatus.IN_PROGRESS,
            )
        )
        report = self.reports[self.random.random() < 0.3]
        passed = report.overall_score >= 60
        submission = AssignmentSubmission(
            user=user,
            assignment=self.assignments[module.pk],
            code=GOOD_PYTHON if passed else WEAK_PYTHON,
            language="python",
            status=SubmissionStatus.PASSED if passed else SubmissionStatus.FAILED,
            score=Decimal(report.overall_score),
            feedback=report.detailed_feedback,
            graded_at=now,
        )
        rows[AssignmentSubmission].append(submission)
        rows[AssignmentAnalysis].append(
            AssignmentAnalysis(
                submission=submission,
                analysis_type=AnalysisType.AI,
                overall_score=report.overall_score,
                code_quality=report.code_quality,
                strengths=report.strengths,
                weaknesses=report.weaknesses,
                suggestions=report.suggestions,
                detailed_feedback=report.detailed_feedback,
                ai_model=report.ai_model,
            )
        )
        quiz = self.quizzes[module.pk]
        questions = self.questions[quiz.pk]
        attempt = MCQAttempt(user=user, quiz=quiz, started_at=now - timedelta(minutes=5), completed_at=now)
        right = 0
        for question in questions:
            option = self.random.choice(list(question.options.all()))
            right += option.is_correct
            rows[MCQAnswer].append(
                MCQAnswer(
                    attempt=attempt,
                    question=question,
                    selected_option=option,
                    is_correct=option.is_correct,
                    answered_at=now,
                )
            )
        attempt.score = Decimal(right * 100 / len(questions)).quantize(Decimal("0.01"))
        rows[MCQAttempt].append(attempt)
        rows[QuizAnalysis].append(
            QuizAnalysis(
                attempt=attempt,
                performance_breakdown={},
                insights=f"Scored {attempt.score}%.",
                avg_time_per_question=round(300 / len(questions), 1),
                time_management="Good",
            )
        )
