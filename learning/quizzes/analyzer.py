"""The quiz analysis, computed from an attempt's answers."""

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from learning.content.models import Material

from .models import MCQAnswer, MCQAttempt, MCQQuestion

MODEL_NAME = "codezest-quiz-analyzer"
GENERAL_TOPIC = "general"


@dataclass(frozen=True)
class QuizReport:
    performance_breakdown: dict[str, float]
    strong_topics: list[str]
    weak_topics: list[str]
    recommendations: list[str]
    insights: str
    avg_time_per_question: float | None
    time_management: str
    ai_model: str = MODEL_NAME


def _topic_percents(questions: list[MCQQuestion], correct_question_ids: set) -> dict[str, float]:
    earned, total = defaultdict(int), defaultdict(int)
    for question in questions:
        topic = question.topic or GENERAL_TOPIC
        total[topic] += question.points
        earned[topic] += question.points if question.pk in correct_question_ids else 0
    return {topic: round(earned[topic] * 100 / total[topic], 1) for topic in sorted(total)}


def _seconds_per_question(attempt: MCQAttempt, answer_times: list) -> float | None:
    """Average time between answers, the first counted from the start of the attempt."""
    if not answer_times:
        return None
    moments = [attempt.started_at, *sorted(answer_times)]
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(moments)]
    return round(sum(gaps) / len(gaps), 1)


def _recommendations(attempt: MCQAttempt, weak_topics: list[str]) -> list[str]:
    """Point each weak topic at the module's materials about it, or at the module itself."""
    module = attempt.quiz.module
    recommendations = []
    for topic in weak_topics:
        about = (
            Material.objects.filter(module=module)
            .filter(Q(title__icontains=topic) | Q(content__icontains=topic))
            .order_by("order")[:3]
        )
        titles = [material.title for material in about]
        if titles:
            recommendations.append(f"Review {', '.join(titles)} in the module {module.title} ({topic}).")
        else:
            recommendations.append(f"Revisit the module {module.title} for {topic}.")
    return recommendations


def _time_management(avg_seconds: float | None, attempt: MCQAttempt, question_count: int) -> str:
    if avg_seconds is None:
        return "Not enough answers to judge"
    limit_minutes = attempt.quiz.time_limit
    if limit_minutes and question_count and avg_seconds * question_count > limit_minutes * 60 * 0.9:
        return "Needs improvement: close to the time limit"
    if avg_seconds > settings.QUIZ_SLOW_SECONDS_PER_QUESTION:
        return "Needs improvement: slow answers"
    return "Good"


def topic_is_weak(percent: float) -> bool:
    return percent < settings.QUIZ_WEAK_TOPIC_PERCENT


def topic_is_strong(percent: float) -> bool:
    return percent >= settings.QUIZ_STRONG_TOPIC_PERCENT


def quiz_analysis_compute(attempt: MCQAttempt) -> QuizReport:
    """The analysis of a submitted attempt, from its answers as stored."""
    questions = list(MCQQuestion.objects.filter(quiz_id=attempt.quiz_id))
    return quiz_report(attempt=attempt, questions=questions, answers=list(attempt.answers.all()))


def quiz_report(*, attempt: MCQAttempt, questions: list[MCQQuestion], answers: list[MCQAnswer]) -> QuizReport:
    """The analysis from the quiz's questions and the attempt's answers (bulk data is analysed by it too)."""
    correct = {answer.question_id for answer in answers if answer.is_correct}
    breakdown = _topic_percents(questions, correct)
    strong = [topic for topic, percent in breakdown.items() if topic_is_strong(percent)]
    weak = [topic for topic, percent in breakdown.items() if topic_is_weak(percent)]
    avg_seconds = _seconds_per_question(attempt, [answer.answered_at for answer in answers])
    insights = f"Scored {attempt.score}% with {len(answers)} of {len(questions)} questions answered."
    if weak:
        insights += f" Weakest: {', '.join(weak)}."
    if strong:
        insights += f" Strongest: {', '.join(strong)}."
    return QuizReport(
        performance_breakdown=breakdown,
        strong_topics=strong,
        weak_topics=weak,
        recommendations=_recommendations(attempt, weak),
        insights=insights,
        avg_time_per_question=avg_seconds,
        time_management=_time_management(avg_seconds, attempt, len(questions)),
    )
