"""Bulk students for benchmarks, made fast in bulk but by the same rules the services apply."""

import random
from dataclasses import asdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.services import user_bulk_create
from activity.services import analytics_event_bulk_generate
from learning.assignments.analyzers.static import StaticPythonAnalyzer
from learning.assignments.grading import grade_from_percent, grade_from_tests, submission_tests_run, tests_feedback
from learning.assignments.models import AssignmentSubmission, SubmissionTestResult
from learning.content.models import Module
from learning.progress.models import (
    EnrollmentStatus,
    LanguageEnrollment,
    MaterialProgress,
    ModuleProgress,
    ProgressStatus,
)
from learning.progress.services import module_percent, module_status
from learning.quizzes.analyzer import quiz_report
from learning.quizzes.models import MCQAnswer, MCQAttempt
from learning.quizzes.scoring import quiz_score_percent
from learning.review.models import AssignmentAnalysis, QuizAnalysis

from .content import demo_content
from .journey import DEMO_PASSWORD
from .solutions import GOOD_PYTHON, WEAK_PYTHON

BULK_STUDENT_EMAIL = "student{:06d}@demo.codezest.local"
BATCH = 1000
EVENTS_PER_STUDENT = 1000
EVENT_NAMES = ["page_view", "material_viewed", "quiz_started", "assignment_opened", "search"]
LEARNER_MODELS = (
    LanguageEnrollment,
    MaterialProgress,
    ModuleProgress,
    AssignmentSubmission,
    SubmissionTestResult,
    AssignmentAnalysis,
    MCQAttempt,
    MCQAnswer,
    QuizAnalysis,
)


def seed_scale(
    count: int, *, progress=None, email_pattern: str = BULK_STUDENT_EMAIL, events_per_student: int = EVENTS_PER_STUDENT
) -> int:
    """``count`` students' worth of learner data in bulk (users not yet there); returns how many were added.

    Each learns Python: a module's progress, a submission graded by its tests with its analysis, a quiz attempt.

    Each student also gets ``events_per_student`` analytics events spread over the past weeks, so
    ``--scale 1000`` makes a million.
    """
    modules = [module for module in demo_content() if module.language.slug == "python"]  # bulk students learn Python
    emails = [email_pattern.format(number) for number in range(count)]
    User = get_user_model()
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
    """What each bulk student gets, prepared once: content, and the analyses the analyzers give each solution."""

    def __init__(self, modules: list[Module], events_per_student: int):
        self.modules = modules
        self.events_per_student = events_per_student
        analyzer = StaticPythonAnalyzer()
        self.solutions = [  # each solution is analysed and run against each assignment's tests once
            (code, analyzer.analyze(code=code, language="python")) for code in (GOOD_PYTHON, WEAK_PYTHON)
        ]
        self.test_runs = {}
        self.materials = {module.pk: list(module.materials.all()) for module in modules}
        self.assignments = {module.pk: module.assignments.first() for module in modules}
        self.quizzes = {module.pk: module.quizzes.select_related("module").first() for module in modules}
        self.questions = {quiz.pk: list(quiz.questions.prefetch_related("options")) for quiz in self.quizzes.values()}
        self.quiz_reports = {}
        self.random = random.Random(2026)

    def create_students(self, emails: list[str]) -> None:
        now = timezone.now()
        users = user_bulk_create(emails=emails, password=DEMO_PASSWORD, email_verified=True)
        rows = {model: [] for model in LEARNER_MODELS}
        for user in users:
            module = self.random.choice(self.modules)
            self._progress(user, module, now, rows)
            self._submission(user, module, now, rows)
            self._attempt(user, module, now, rows)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
        analytics_event_bulk_generate(
            user_ids=[user.pk for user in users], per_user=self.events_per_student, event_names=EVENT_NAMES
        )

    def _progress(self, user, module: Module, now, rows: dict) -> None:
        rows[LanguageEnrollment].append(
            LanguageEnrollment(user=user, language_id=module.language_id, status=EnrollmentStatus.ACTIVE)
        )
        materials = self.materials[module.pk]
        done = self.random.randint(0, len(materials))
        rows[MaterialProgress] += [
            MaterialProgress(
                user=user, material=material, completed=True, view_count=1, last_viewed_at=now, completed_at=now
            )
            for material in materials[:done]
        ]
        status = module_status(done=done, total=len(materials), started=done > 0)
        rows[ModuleProgress].append(
            ModuleProgress(
                user=user,
                module=module,
                progress_percent=module_percent(done=done, total=len(materials)),
                started_at=now if done else None,
                last_accessed_at=now,
                completed_at=now if status == ProgressStatus.COMPLETED else None,
                status=status,
            )
        )

    def _submission(self, user, module: Module, now, rows: dict) -> None:
        """A graded submission and its analysis, as the analyzers and the pass mark make them."""
        code, report = self.solutions[self.random.random() < 0.3]
        assignment = self.assignments[module.pk]
        language = module.language.slug
        submission = AssignmentSubmission(user=user, assignment=assignment, code=code, language=language, graded_at=now)
        result = self._tests_of(submission)
        if result is None:
            grade, feedback = grade_from_percent(percent=report.overall_score, max_score=assignment.max_score), None
        else:
            grade = grade_from_tests(result=result, max_score=assignment.max_score)
            feedback = tests_feedback(result)
        submission.status, submission.score = grade.status, grade.score
        submission.feedback = feedback if feedback is not None else report.detailed_feedback
        findings = asdict(report)
        findings.pop("analysis_impossible")
        rows[AssignmentSubmission].append(submission)
        rows[AssignmentAnalysis].append(AssignmentAnalysis(submission=submission, **findings))
        rows[SubmissionTestResult] += [
            SubmissionTestResult(submission=submission, **asdict(test)) for test in (result.tests if result else ())
        ]

    def _tests_of(self, submission: AssignmentSubmission):
        """The grader's verdicts for this code on this assignment, run once for all students who submit it."""
        key = (submission.assignment_id, submission.code)
        if key not in self.test_runs:
            self.test_runs[key] = submission_tests_run(submission=submission)
        return self.test_runs[key]

    def _attempt(self, user, module: Module, now, rows: dict) -> None:
        """A submitted attempt with random answers, scored and analysed by the quiz's own rules."""
        quiz = self.quizzes[module.pk]
        questions = self.questions[quiz.pk]
        attempt = MCQAttempt(user=user, quiz=quiz, started_at=now - timedelta(minutes=5), completed_at=now)
        answers = []
        for question in questions:
            option = self.random.choice(list(question.options.all()))
            answers.append(
                MCQAnswer(
                    attempt=attempt,
                    question=question,
                    selected_option=option,
                    is_correct=option.is_correct,
                    answered_at=now,
                )
            )
        earned = sum(answer.question.points for answer in answers if answer.is_correct)
        attempt.score = quiz_score_percent(earned=earned, total=sum(question.points for question in questions))
        rows[MCQAttempt].append(attempt)
        rows[MCQAnswer] += answers
        right = frozenset(answer.question_id for answer in answers if answer.is_correct)
        if (quiz.pk, right) not in self.quiz_reports:  # the same answers always get the same analysis
            self.quiz_reports[quiz.pk, right] = quiz_report(attempt=attempt, questions=questions, answers=answers)
        report = self.quiz_reports[quiz.pk, right]
        rows[QuizAnalysis].append(QuizAnalysis(attempt=attempt, **asdict(report)))
