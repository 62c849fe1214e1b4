"""Bulk students for benchmarks: months of realistic work, written by PostgreSQL but by the services' rules.

Each student signs up at some moment of the past six months, enrolls in one to three languages, and
works through their modules: materials completed, hundreds of submissions over the modules' exercises
(several attempts at each, most ending in a pass), quiz attempts, and what the services record of it
all: analyses and test verdicts, activities, notifications (read and unread) and their e-mails, and a
thousand analytics events. ``--scale 5000`` makes about a million submissions and five million events.

The few distinct things are made in Python by the real rules: each solution is run against each
assignment's tests and analysed once, each pattern of quiz answers scored and analysed once. Python then
only plans who does what when; the apps' bulk writers (``*_bulk_generate``) have PostgreSQL repeat the
templates over the plan, every table in time order, ids following time.
"""

import math
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.services import user_bulk_create
from activity.services import ActivityTemplate, activity_bulk_generate, analytics_event_bulk_generate
from activity.types import ActivityType
from codezest.db.bulk import Occurrences, uuid7_at, uuid7_sql
from learning.assignments.grading import (
    GRADE_IMPOSSIBLE,
    grade_from_percent,
    grade_from_tests,
    submission_tests_run,
    tests_feedback,
)
from learning.assignments.models import Assignment, AssignmentSubmission
from learning.assignments.services import GradedSubmission, submission_bulk_generate
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
from learning.quizzes.scoring import quiz_passed, quiz_score_percent
from learning.quizzes.services import SubmittedAttempt, quiz_attempt_bulk_generate
from learning.review.services import assignment_analysis_bulk_generate, quiz_analysis_bulk_generate, submission_report
from notifications.services import NotificationTemplate, notification_bulk_notify
from notifications.types import NotificationType

from .content import demo_content
from .journey import DEMO_PASSWORD
from .solutions import (
    BROKEN_JAVA,
    GOOD_JAVA,
    GOOD_JAVASCRIPT,
    GOOD_PYTHON,
    PARTIAL_JAVA,
    PARTIAL_JAVASCRIPT,
    PARTIAL_PYTHON,
    WEAK_PYTHON,
    WRONG_JAVASCRIPT,
)

BULK_STUDENT_EMAIL = "student{:06d}@demo.codezest.local"
EVENTS_PER_STUDENT = 1000
SUBMISSIONS_PER_STUDENT = 200  # on average: a few dozen for most, many hundreds for the keenest
EVENT_NAMES = ["page_view", "material_viewed", "quiz_started", "assignment_opened", "search"]
SPAN = timedelta(days=180)  # students joined over the past six months
PRACTICE_PER_MODULE = 7  # exercises each module gets beside the demo's assignment, for bulk students
TAKE_UP = {"python": 0.85, "javascript": 0.55, "java": 0.4}  # the share of students enrolling in each
# What each language's students submit: the solution that passes, and the ways of failing.
PASSING = {"python": GOOD_PYTHON, "javascript": GOOD_JAVASCRIPT, "java": GOOD_JAVA}
FAILING = {
    "python": [WEAK_PYTHON, PARTIAL_PYTHON],
    "javascript": [WRONG_JAVASCRIPT, PARTIAL_JAVASCRIPT],
    "java": [BROKEN_JAVA, PARTIAL_JAVA],
}
FINALLY_PASSING = 0.85  # the share of exercises whose last attempt passes
QUIZ_ATTEMPTS = (2, 9)  # attempts at each quiz of a module worked on, at least and at most
QUIZ_PACES = (25, 110)  # seconds per answer: a brisk student, and one the analysis calls slow
READ_SHARE = 0.9  # of notifications: the rest the student never opened; recent ones may be unread yet
BATCH = 1000


def seed_scale(
    count: int,
    *,
    progress=None,
    email_pattern: str = BULK_STUDENT_EMAIL,
    events_per_student: int = EVENTS_PER_STUDENT,
    submissions_per_student: int = SUBMISSIONS_PER_STUDENT,
    parallel: bool = False,
) -> int:
    """``count`` students' worth of learner data in bulk (users not yet there); returns how many were added.

    ``progress`` (a file) shows a progress bar of the rows written. ``parallel=True`` writes about half
    the rows on a second connection meanwhile, nearly twice as fast on two cores: the users and the plan
    are committed first so that it sees them, which a caller's open transaction (a test's) rules out.
    """
    parallel = parallel and not connection.in_atomic_block
    User = get_user_model()
    emails = [email_pattern.format(number) for number in range(count)]
    existing = set(User.all_objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [email for email in emails if email not in existing]
    if not missing:
        return 0
    random_, now = random.Random(2026), timezone.now()
    catalogue = _Catalogue(_scale_content())
    students = [_Student.plan(email, catalogue, random_, now, submissions_per_student) for email in missing]
    catalogue.tests_start()  # while the students are signed up
    bar = _Bar(progress, students, events_per_student)
    plan = _Plan(students)
    companion = _Companion(parallel=parallel)
    try:
        if parallel:  # the second connection must see the users and the plan: they are committed first
            with transaction.atomic():
                _students_sign_up(students, bar)
                plan.create()
            try:
                with transaction.atomic():
                    _work_write(catalogue, plan, bar, companion, events_per_student)
            except BaseException:
                _students_forget(students)
                raise
        else:
            with transaction.atomic():
                _students_sign_up(students, bar)
                plan.create()
                _work_write(catalogue, plan, bar, companion, events_per_student)
    finally:
        plan.drop()
        bar.close()
    return len(missing)


def _scale_content() -> list[Module]:
    """The demo's modules, each with its practice exercises (the demo assignment's brief and tests again)."""
    modules = demo_content()
    for module in modules:
        demo = module.assignments.order_by("created_at").first()
        for number in range(1, PRACTICE_PER_MODULE + 1):
            Assignment.objects.get_or_create(
                module=module,
                title=f"{demo.title}, practice {number}",
                defaults={
                    field: getattr(demo, field) for field in ("description", "starter_code", "test_cases", "hints")
                },
            )
    return modules


class _Catalogue:
    """What students can do, and once planned, the templates of what it makes, by the services' rules."""

    def __init__(self, modules: list[Module]):
        self.modules = modules
        self.by_language: dict[str, list[Module]] = {}
        for module in modules:
            self.by_language.setdefault(module.language.slug, []).append(module)
        self.materials = {module.pk: list(module.materials.order_by("order")) for module in modules}
        self.assignments = {module.pk: list(module.assignments.order_by("created_at")) for module in modules}
        self.quizzes = {module.pk: module.quizzes.select_related("module").first() for module in modules}
        self.questions = {
            quiz.pk: list(quiz.questions.order_by("order").prefetch_related("options"))
            for quiz in self.quizzes.values()
        }
        self.submissions: dict[tuple, int] = {}  # (assignment pk, code) -> template number
        self.attempts: dict[tuple, int] = {}  # (quiz pk, the questions answered right, pace) -> template number
        self.moments: list[tuple] = []  # an enrollment's or module's steps: (activity, notification or None)
        self.moments_seen: dict[str, int] = {}

    def submission(self, assignment: Assignment, code: str) -> int:
        return self.submissions.setdefault((assignment.pk, code), len(self.submissions))

    def attempt(self, quiz, right: frozenset, pace: int) -> int:
        return self.attempts.setdefault((quiz.pk, right, pace), len(self.attempts))

    def moment(self, activity: ActivityTemplate, notification: NotificationTemplate | None = None) -> int:
        """A step of an enrollment or a module, recorded (and told) as its service does."""
        number = self.moments_seen.setdefault(repr((activity, notification)), len(self.moments))
        if number == len(self.moments):
            self.moments.append((activity, notification))
        return number

    def tests_start(self) -> None:
        """Run each planned submission's tests, in the background (the grader's own processes): once for
        each language, code and test cases, the same for every assignment sharing them."""
        assignments = {assignment.pk: assignment for each in self.assignments.values() for assignment in each}
        self.planned, self.runs = [], {}
        grader = ThreadPoolExecutor(max_workers=2, thread_name_prefix="seed_scale grader")
        for (assignment_pk, code), _ in sorted(self.submissions.items(), key=lambda item: item[1]):
            assignment = assignments[assignment_pk]
            submission = AssignmentSubmission(
                assignment=assignment, code=code, language=assignment.module.language.slug
            )
            key = (submission.language, code, repr(assignment.test_cases))
            if key not in self.runs:
                self.runs[key] = grader.submit(submission_tests_run, submission=submission)
            self.planned.append((submission, key))
        grader.shutdown(wait=False)

    def templates_make(self) -> None:
        """Grade, analyse and score each distinct piece of work once, as the services would."""
        self.graded, self.reports = [], []
        for submission, key in self.planned:
            self.graded.append(self._graded(submission, self.runs[key].result()))
        quizzes = {quiz.pk: quiz for quiz in self.quizzes.values()}
        self.submitted, self.quiz_reports = [], []
        for (quiz_pk, right, pace), _ in sorted(self.attempts.items(), key=lambda item: item[1]):
            self._submitted(quizzes[quiz_pk], right, pace)
        self.durations = [done.attempt.completed_at - done.attempt.started_at for done in self.submitted]

    def _graded(self, submission: AssignmentSubmission, result) -> GradedSubmission:
        """The grade, feedback and analysis ``submission_evaluate`` gives."""
        report = submission_report(submission)
        max_score = submission.assignment.max_score
        if result is not None:
            grade, feedback = grade_from_tests(result=result, max_score=max_score), tests_feedback(result)
        elif report.analysis_impossible:
            grade, feedback = GRADE_IMPOSSIBLE, report.detailed_feedback
        else:
            grade = grade_from_percent(percent=report.overall_score, max_score=max_score)
            feedback = report.detailed_feedback
        submission.status, submission.score, submission.feedback = grade.status, grade.score, feedback
        self.reports.append(report)
        return GradedSubmission(submission, result)

    def _submitted(self, quiz, right: frozenset, pace: int) -> None:
        """An attempt answering ``right`` correctly, ``pace`` seconds per answer, scored and analysed."""
        started = timezone.now()
        questions = self.questions[quiz.pk]
        attempt = MCQAttempt(quiz=quiz, started_at=started)
        answers = []
        for number, question in enumerate(questions, start=1):
            option = next(option for option in question.options.all() if option.is_correct == (question.pk in right))
            answered = started + timedelta(seconds=pace * number)
            answers.append(
                MCQAnswer(
                    attempt=attempt,
                    question=question,
                    selected_option=option,
                    is_correct=option.is_correct,
                    answered_at=answered,
                )
            )
        earned = sum(question.points for question in questions if question.pk in right)
        attempt.score = quiz_score_percent(earned=earned, total=sum(question.points for question in questions))
        attempt.completed_at = answers[-1].answered_at + timedelta(seconds=pace // 2)
        self.submitted.append(SubmittedAttempt(attempt, answers))
        self.quiz_reports.append(quiz_report(attempt=attempt, questions=questions, answers=answers))


@dataclass
class _Student:
    """One bulk student's months, planned in Python: the few rows the ORM writes, and the work to repeat."""

    email: str
    joined_at: datetime
    languages: list = field(default_factory=list)  # (language, enrolled at, completed at or None)
    modules: list = field(default_factory=list)  # (module, materials completed, when each was)
    moments: list = field(default_factory=list)  # (moment template, at)
    tasks: list = field(default_factory=list)  # (first at, attempts, gap, grading time, last template, others')
    attempts: list = field(default_factory=list)  # (attempt template, started at)
    user_id: UUID | None = None

    @classmethod
    def plan(cls, email, catalogue: _Catalogue, random_: random.Random, now: datetime, submissions: int):
        """Sign-up some day of the past six months; then each language in turn, each of its modules in turn,
        each a slot of the time the student stayed active."""
        student = cls(email=email, joined_at=now - timedelta(days=1) - (SPAN - timedelta(days=1)) * random_.random())
        slugs = [slug for slug, share in TAKE_UP.items() if random_.random() < share] or ["python"]
        modules = [module for slug in slugs for module in catalogue.by_language[slug]]
        start = student.joined_at + timedelta(minutes=random_.uniform(2, 60))
        slot = (now - start - timedelta(hours=1)) * random_.uniform(0.6, 1.0) / len(modules)
        wanted = round(random_.lognormvariate(math.log(submissions) - 0.18, 0.6)) if submissions else 0
        attempts = iter(_spread(wanted, sum(len(catalogue.assignments[module.pk]) for module in modules), random_))
        for slug in slugs:
            language, enrolled, completions = catalogue.by_language[slug][0].language, start, []
            metadata = {"language_id": str(language.pk)}
            enrolling = ActivityTemplate(ActivityType.LANGUAGE_ENROLLED, f"Enrolled in {language.name}", metadata)
            student.moments.append((catalogue.moment(enrolling), enrolled))
            for module in catalogue.by_language[slug]:
                completions.append(student._materials(module, start, slot, catalogue, random_))
                exercises = catalogue.assignments[module.pk]
                sitting = slot / (len(exercises) + 1)  # each exercise in turn, the quiz along the way
                for number, assignment in enumerate(exercises):
                    student._exercise(assignment, next(attempts), start + sitting * number, sitting, catalogue, random_)
                student._quiz(module, start, slot, catalogue, random_)
                start += slot
            completed = max(completions) + timedelta(seconds=1) if all(completions) else None  # right after
            student.languages.append((language, enrolled, completed))
            if completed:
                student._language_completed(language, completed, catalogue)
        return student

    def _materials(self, module: Module, start, slot, catalogue: _Catalogue, random_) -> datetime | None:
        """Some of the module's materials completed, which starts the module and may complete it; returns when."""
        materials = catalogue.materials[module.pk]
        done = random_.choice([0, 1, 2, *[len(materials)] * 3])
        times = sorted(start + slot * random_.uniform(0, 0.9) for _ in range(done))
        self.modules.append((module, done, times))
        if not done:
            return None
        metadata = {"module_id": str(module.pk)}
        started = ActivityTemplate(ActivityType.MODULE_STARTED, f"Started {module.title}", metadata)
        self.moments.append((catalogue.moment(started), times[0]))
        if module_status(done=done, total=len(materials), started=True) != ProgressStatus.COMPLETED:
            return None
        completed = ActivityTemplate(ActivityType.MODULE_COMPLETED, f"Completed {module.title}", metadata)
        told = NotificationTemplate(NotificationType.MODULE_COMPLETED, f"Module completed: {module.title}")
        self.moments.append((catalogue.moment(completed, told), times[-1]))
        return times[-1]

    def _language_completed(self, language, at: datetime, catalogue: _Catalogue) -> None:
        activity = ActivityTemplate(
            ActivityType.LANGUAGE_COMPLETED,
            f"{language.name}: {EnrollmentStatus.COMPLETED.label}",
            {"language_id": str(language.pk)},
        )
        told = NotificationTemplate(NotificationType.LANGUAGE_COMPLETED, f"You completed {language.name}!")
        self.moments.append((catalogue.moment(activity, told), at))

    def _exercise(self, assignment: Assignment, attempts: int, start, slot, catalogue: _Catalogue, random_) -> None:
        """``attempts`` submissions in one sitting within the slot, failing until the last, which mostly passes."""
        if not attempts:
            return
        language = assignment.module.language.slug
        first = start + slot * random_.uniform(0, 0.5)
        gap = min(timedelta(minutes=random_.uniform(2, 40)), slot * 0.4 / attempts)
        failing = catalogue.submission(assignment, random_.choice(FAILING[language]))
        last = catalogue.submission(assignment, PASSING[language]) if random_.random() < FINALLY_PASSING else failing
        self.tasks.append((first, attempts, gap, timedelta(seconds=random_.uniform(3, 30)), last, failing))

    def _quiz(self, module: Module, start, slot, catalogue: _Catalogue, random_) -> None:
        """Attempts at the module's quiz, more answers right as the student goes."""
        quiz = catalogue.quizzes[module.pk]
        attempts, pace = random_.randint(*QUIZ_ATTEMPTS), random_.choice(QUIZ_PACES)
        for number in range(attempts):
            chance = 0.4 + 0.55 * (number + 1) / attempts
            right = frozenset(question.pk for question in catalogue.questions[quiz.pk] if random_.random() < chance)
            at = start + slot * (0.1 + 0.8 * (number + random_.random()) / attempts)
            self.attempts.append((catalogue.attempt(quiz, right, pace), at))


def _spread(total: int, slots: int, random_: random.Random) -> list[int]:
    """``total`` split over ``slots`` in turn, each about an even share of what is left (once it runs out, 0s)."""
    counts = []
    for number in range(slots):
        left = slots - number
        mean = total / left
        count = total if left == 1 else min(total, max(1, round(random_.gauss(mean, mean / 2)))) if total else 0
        counts.append(count)
        total -= count
    return counts


def _work_write(catalogue: _Catalogue, plan: "_Plan", bar: "_Bar", companion: "_Companion", events: int) -> None:
    """The students' work, about half on each connection: here the submissions, their analyses and the
    notifications; on the second the events (while the templates are made here), where each student
    stands, the quiz attempts and the activities."""

    def companion_job() -> None:
        _transaction_prepare()
        analytics_event_bulk_generate(
            user_ids=[student.user_id for student in plan.students],
            per_user=events,
            event_names=EVENT_NAMES,
            since=[student.joined_at for student in plan.students],
            progress=bar.events_made,
        )
        _progress_write(plan.students, catalogue, bar)
        companion.templates_wait()
        _attempts_write(catalogue, plan, bar)
        bar.update(activity_bulk_generate(**_activities(catalogue, plan)))

    companion.start(companion_job)
    try:
        _transaction_prepare()
        catalogue.templates_make()
        bar.learning_expect(catalogue)
        companion.templates_ready()
        _submissions_write(catalogue, plan, bar)
        bar.update(sum(notification_bulk_notify(**_notifications(catalogue, plan))))
    except BaseException:
        companion.finish(commit=False)
        raise
    companion.finish(commit=True)  # raises what failed there, which rolls this back too


def _transaction_prepare() -> None:
    with connection.cursor() as cursor:
        # Foreign keys checked as each INSERT ends, while the other connection writes, rather than all at COMMIT.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL work_mem = '512MB'")  # for the sorts into time order


def _students_forget(students: list[_Student]) -> None:
    """Remove users whose work could not be written, so that running again makes them whole."""
    created = [student.user_id for student in students if student.user_id is not None]
    get_user_model().all_objects.filter(pk__in=created).hard_delete()


def _students_sign_up(students: list[_Student], bar: "_Bar") -> None:
    """The users, as sign-up makes them but on their day."""
    joined = {student.email: student.joined_at for student in students}
    in_turn = sorted(students, key=lambda student: student.joined_at)  # the users table in the order they came
    for start in range(0, len(in_turn), BATCH):
        batch = in_turn[start : start + BATCH]
        users = user_bulk_create(
            emails=[student.email for student in batch],
            password=DEMO_PASSWORD,
            email_verified=True,
            joined_at=joined.__getitem__,
        )
        for student, user in zip(batch, users, strict=True):
            student.user_id = user.pk
        bar.update(len(users) * 5)  # each with a profile, preferences, a subscription and a "signed up" activity


def _progress_write(students: list[_Student], catalogue: _Catalogue, bar: "_Bar") -> None:
    """Where each student stands in their languages, modules and materials."""
    enrollments, modules, materials = [], [], []
    for student in students:
        for language, enrolled, completed in student.languages:
            enrollments.append(
                LanguageEnrollment(
                    id=uuid7_at(enrolled),
                    user_id=student.user_id,
                    language=language,
                    status=EnrollmentStatus.COMPLETED if completed else EnrollmentStatus.ACTIVE,
                    enrolled_at=enrolled,
                    completed_at=completed,
                )
            )
        for module, done, times in student.modules:
            if not done:
                continue
            total = len(catalogue.materials[module.pk])
            status = module_status(done=done, total=total, started=True)
            modules.append(
                ModuleProgress(
                    id=uuid7_at(times[0]),
                    user_id=student.user_id,
                    module=module,
                    progress_percent=module_percent(done=done, total=total),
                    started_at=times[0],
                    last_accessed_at=times[-1],
                    completed_at=times[-1] if status == ProgressStatus.COMPLETED else None,
                    status=status,
                )
            )
            materials += [
                MaterialProgress(
                    id=uuid7_at(at),
                    user_id=student.user_id,
                    material=material,
                    completed=True,
                    view_count=1,
                    last_viewed_at=at,
                    completed_at=at,
                )
                for material, at in zip(catalogue.materials[module.pk], times, strict=False)
            ]
    for rows in (enrollments, modules, materials):  # each table in time order, as its rows would have come
        rows.sort(key=lambda row: row.pk)
        type(rows[0]).objects.bulk_create(rows, batch_size=5000) if rows else None
        bar.update(len(rows))


class _Bar:
    """The progress bar of the rows written, told from both connections."""

    def __init__(self, file, students: list[_Student], events_per_student: int):
        self.lock = threading.Lock()
        self.events = 0
        self.students = students
        # Each user comes with a profile, preferences, a subscription and a "signed up" activity.
        total = len(students) * (5 + events_per_student)
        for student in students:
            total += len(student.languages) + sum(done + 1 for _, done, _ in student.modules if done)
        self.bar = tqdm(total=total, unit="row", unit_scale=True, file=file, disable=file is None, smoothing=0)

    def learning_expect(self, catalogue: _Catalogue) -> None:
        """Add the rows of the learners' work to the total, now that the templates say how many tests each runs."""
        tests = [len(graded.result.tests) if graded.result else 0 for graded in catalogue.graded]
        answers = [len(submitted.answers) for submitted in catalogue.submitted]
        told = [notification is not None for _, notification in catalogue.moments]
        total = 0
        for student in self.students:
            for _, attempts, _, _, last, failing in student.tasks:
                # a submission, its analysis, two activities, a notification and its e-mail; and the verdicts
                total += attempts * 6 + tests[last] + (attempts - 1) * tests[failing]
            total += sum(6 + answers[template] for template, _ in student.attempts)
            total += sum(1 + 2 * told[template] for template, _ in student.moments)
        with self.lock:
            self.bar.total += total
            self.bar.refresh()

    def update(self, rows: int) -> None:
        with self.lock:
            self.bar.update(rows)

    def events_made(self, made: int) -> None:
        """Told the events made so far."""
        self.update(made - self.events)
        self.events = made

    def close(self) -> None:
        self.bar.close()


class _Companion:
    """Writes on a second connection meanwhile (without ``parallel``, on this one afterwards), committed
    with the main transaction or rolled back with it."""

    def __init__(self, *, parallel: bool):
        self.parallel, self.job, self.thread, self.error = parallel, None, None, None
        self.templates, self.verdict, self.commit = threading.Event(), threading.Event(), False

    def start(self, job: Callable[[], None]) -> None:
        self.job = job
        if self.parallel:
            self.thread = threading.Thread(target=self._run, name="seed_scale companion")
            self.thread.start()

    def templates_ready(self) -> None:
        self.templates.set()

    def templates_wait(self) -> None:
        self.templates.wait()
        if self.verdict.is_set() and not self.commit:
            raise _Abandoned

    def finish(self, *, commit: bool) -> None:
        """Commit with the main transaction, or not; what failed on the second connection is raised here."""
        if not self.parallel:
            if commit:
                self.job()
            return
        self.commit = commit
        self.verdict.set()
        self.templates.set()
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        # This thread's own connection, outside the pool: the pool's one connection is the main transaction's.
        pooled = connections[DEFAULT_DB_ALIAS]
        options = {name: value for name, value in pooled.settings_dict["OPTIONS"].items() if name != "pool"}
        connections[DEFAULT_DB_ALIAS] = type(pooled)({**pooled.settings_dict, "OPTIONS": options}, DEFAULT_DB_ALIAS)
        try:
            with transaction.atomic():
                self.job()
                self.verdict.wait()  # the main connection's rows are written: commit with them, or not at all
                if not self.commit:
                    raise _Abandoned
        except _Abandoned:
            pass
        except Exception as error:  # handed to the main thread, which fails with it
            self.error = error
        finally:
            connection.close()


class _Abandoned(Exception):
    """The main transaction failed: the events' is rolled back with it."""


def _submissions_write(catalogue: _Catalogue, plan: "_Plan", bar: _Bar) -> None:
    """The submissions with their tests' verdicts, then their analyses, each table in time order."""
    submissions = plan.table("submissions")
    graded = Occurrences(f"SELECT template, id, user_id, at, graded_at FROM {submissions}")
    bar.update(sum(submission_bulk_generate(templates=catalogue.graded, occurrences=graded)))
    analysed = Occurrences(
        f"SELECT template, id AS submission_id, graded_at AS at FROM {submissions} ORDER BY graded_at"
    )
    bar.update(assignment_analysis_bulk_generate(templates=catalogue.reports, occurrences=analysed))


def _attempts_write(catalogue: _Catalogue, plan: "_Plan", bar: _Bar) -> None:
    """The quiz attempts with their answers, then their analyses, each table in time order."""
    attempts = plan.table("attempts")
    started = Occurrences(f"SELECT template, id, user_id, at FROM {attempts}")
    bar.update(sum(quiz_attempt_bulk_generate(templates=catalogue.submitted, occurrences=started)))
    analysed = Occurrences(
        f"SELECT template, id AS attempt_id, at + (%s::interval[])[template + 1] AS at FROM {attempts}",
        [catalogue.durations],
    )
    bar.update(quiz_analysis_bulk_generate(templates=catalogue.quiz_reports, occurrences=analysed))


class _Plan:
    """Who does what when, in unlogged tables of a schema of the seed's own, which both connections read:
    the exercises' sittings, quiz attempts and other steps, then each submission of each sitting; the
    submissions and attempts with their ids, in time order."""

    SCHEMA = "seed_scale_plan"

    def __init__(self, students: list[_Student]):
        self.students = students

    def table(self, name: str) -> str:
        return f"{self.SCHEMA}.{name}"

    def create(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE;
                CREATE SCHEMA {self.SCHEMA};
                CREATE UNLOGGED TABLE {self.table("sittings")} (
                    user_id uuid, first timestamptz, attempts int, gap interval, grading interval,
                    last int, failing int
                );
                CREATE UNLOGGED TABLE {self.table("starts")} (template int, user_id uuid, at timestamptz);
                CREATE UNLOGGED TABLE {self.table("moments")} (template int, user_id uuid, at timestamptz);
                """
            )
            students = self.students
            for table, rows in (
                ("sittings", ((student.user_id, *task) for student in students for task in student.tasks)),
                (
                    "starts",
                    ((template, student.user_id, at) for student in students for template, at in student.attempts),
                ),
                (
                    "moments",
                    ((template, student.user_id, at) for student in students for template, at in student.moments),
                ),
            ):
                with cursor.copy(f"COPY {self.table(table)} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            cursor.execute(
                f"""
                SET LOCAL work_mem = '512MB';
                CREATE UNLOGGED TABLE {self.table("submissions")} AS
                SELECT {uuid7_sql("s.at")} AS id, s.* FROM (
                    SELECT sitting.user_id,
                           CASE WHEN k = sitting.attempts THEN sitting.last ELSE sitting.failing END AS template,
                           sitting.first + (k - 1) * sitting.gap AS at,
                           sitting.first + (k - 1) * sitting.gap + sitting.grading AS graded_at
                    FROM {self.table("sittings")} AS sitting, generate_series(1, sitting.attempts) AS k
                ) AS s
                ORDER BY s.at;
                CREATE UNLOGGED TABLE {self.table("attempts")} AS
                SELECT {uuid7_sql("a.at")} AS id, a.* FROM {self.table("starts")} AS a ORDER BY a.at;
                """
            )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")


def _activities(catalogue: _Catalogue, plan: _Plan) -> dict:
    """What the feed records of it all, as ``submission_create``, ``submission_evaluate``,
    ``quiz_attempt_start`` and ``quiz_attempt_submit`` record it, and of the enrollments' and modules' steps."""
    templates, submitted, analysed, started, completed = [], [], [], [], []
    for graded in catalogue.graded:
        submission = graded.submission
        title = submission.assignment.title
        submitted.append(len(templates))
        templates.append(ActivityTemplate(ActivityType.ASSIGNMENT_SUBMITTED, f"Submitted {title}"))
        analysed.append(len(templates))
        description = f"{title}: {submission.get_status_display()}"
        templates.append(ActivityTemplate(ActivityType.ASSIGNMENT_ANALYZED, description, {"status": submission.status}))
    for submitted_attempt in catalogue.submitted:
        attempt = submitted_attempt.attempt
        started.append(len(templates))
        templates.append(
            ActivityTemplate(
                ActivityType.QUIZ_STARTED, f"Started {attempt.quiz.title}", {"quiz_id": str(attempt.quiz_id)}
            )
        )
        completed.append(len(templates))
        passed = quiz_passed(score=attempt.score, passing_score=attempt.quiz.passing_score)
        metadata = {"score": str(attempt.score), "passed": passed}
        templates.append(
            ActivityTemplate(ActivityType.QUIZ_COMPLETED, f"{attempt.quiz.title}: {attempt.score}%", metadata)
        )
    steps = [len(templates) + number for number in range(len(catalogue.moments))]
    templates += [activity for activity, _ in catalogue.moments]
    occurrences = Occurrences(
        f"""
        SELECT * FROM (
            SELECT (%s::int[])[s.template + 1] AS template, s.user_id, s.at,
                   jsonb_build_object('submission_id', s.id) AS metadata
            FROM {plan.table("submissions")} AS s
            UNION ALL
            SELECT (%s::int[])[s.template + 1], s.user_id, s.graded_at, jsonb_build_object('submission_id', s.id)
            FROM {plan.table("submissions")} AS s
            UNION ALL
            SELECT (%s::int[])[a.template + 1], a.user_id, a.at, jsonb_build_object('attempt_id', a.id)
            FROM {plan.table("attempts")} AS a
            UNION ALL
            SELECT (%s::int[])[a.template + 1], a.user_id, a.at + (%s::interval[])[a.template + 1],
                   jsonb_build_object('attempt_id', a.id)
            FROM {plan.table("attempts")} AS a
            UNION ALL
            SELECT (%s::int[])[m.template + 1], m.user_id, m.at, NULL FROM {plan.table("moments")} AS m
        ) AS o
        ORDER BY o.at
        """,
        [submitted, analysed, started, completed, catalogue.durations, steps],
    )
    return {"templates": templates, "occurrences": occurrences}


def _notifications(catalogue: _Catalogue, plan: _Plan) -> dict:
    """What the students are told (in the app and by e-mail), as ``submission_evaluate`` and
    ``quiz_attempt_submit`` tell them, and of modules and languages completed; most read, some not yet."""
    templates, analysed, completed = [], [], []
    for graded, report in zip(catalogue.graded, catalogue.reports, strict=True):
        submission = graded.submission
        analysed.append(len(templates))
        templates.append(
            NotificationTemplate(
                NotificationType.ASSIGNMENT_ANALYZED,
                f"Feedback on {submission.assignment.title}",
                f"{submission.feedback}\n\n{report.detailed_feedback}".strip(),
            )
        )
    for submitted_attempt in catalogue.submitted:
        attempt = submitted_attempt.attempt
        passed = quiz_passed(score=attempt.score, passing_score=attempt.quiz.passing_score)
        completed.append(len(templates))
        templates.append(
            NotificationTemplate(
                NotificationType.QUIZ_COMPLETED,
                f"Quiz {'passed' if passed else 'completed'}: {attempt.quiz.title}",
                f"You scored {attempt.score}%.",
            )
        )
    steps = [-1] * len(catalogue.moments)
    for number, (_, notification) in enumerate(catalogue.moments):
        if notification is not None:
            steps[number] = len(templates)
            templates.append(notification)
    told = plan.table("told")  # kept, for the notifications and their e-mails alike
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
        CREATE UNLOGGED TABLE {told} AS
        SELECT told.*,
               CASE WHEN told.luck < {READ_SHARE} AND told.seen < now() THEN told.seen END AS read_at,
               CASE WHEN told.sent < now() THEN told.sent END AS sent_at
        FROM (
            SELECT o.*, random() AS luck, o.at + interval '1 minute' + random() ^ 3 * interval '10 days' AS seen,
                   o.at + (1 + 4 * random()) * interval '1 second' AS sent
            FROM (
                SELECT (%s::int[])[s.template + 1] AS template, s.user_id, s.graded_at AS at,
                       jsonb_build_object('submission_id', s.id) AS metadata
                FROM {plan.table("submissions")} AS s
                UNION ALL
                SELECT (%s::int[])[a.template + 1], a.user_id, a.at + (%s::interval[])[a.template + 1],
                       jsonb_build_object('attempt_id', a.id)
                FROM {plan.table("attempts")} AS a
                UNION ALL
                SELECT (%s::int[])[m.template + 1], m.user_id, m.at, NULL
                FROM {plan.table("moments")} AS m WHERE (%s::int[])[m.template + 1] >= 0
            ) AS o
        ) AS told
        ORDER BY told.at
        """,
            [analysed, completed, catalogue.durations, steps, steps],
        )
    return {"templates": templates, "occurrences": Occurrences(f"SELECT * FROM {told}")}  # in time order, as made
