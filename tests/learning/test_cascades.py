"""Deletes cascade as the spec says, through Django and for rows other services delete in SQL."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from learning.models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz
from tests.payments.factories import InvoiceFactory

from .factories import MCQAnswerFactory, MCQOptionFactory

pytestmark = pytest.mark.django_db


def delete_in_sql(instance) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{instance._meta.db_table}" WHERE id = %s', [instance.pk])


def quiz_with_attempt():
    answer = MCQAnswerFactory()
    MCQOptionFactory(question=answer.question, is_correct=True)
    return answer.attempt.quiz


def rows_of(quiz_id) -> dict[str, int]:
    return {
        "questions": MCQQuestion.all_objects.filter(quiz_id=quiz_id).count(),
        "options": MCQOption.all_objects.filter(question__quiz_id=quiz_id).count(),
        "attempts": MCQAttempt.objects.filter(quiz_id=quiz_id).count(),
        "answers": MCQAnswer.objects.filter(attempt__quiz_id=quiz_id).count(),
    }


@pytest.mark.parametrize("delete", [lambda quiz: quiz.hard_delete(), delete_in_sql], ids=["django", "sql"])
def test_deleting_a_quiz_removes_its_questions_options_attempts_and_answers(delete):
    quiz = quiz_with_attempt()
    assert rows_of(quiz.pk) == {"questions": 1, "options": 2, "attempts": 1, "answers": 1}
    delete(quiz)
    assert not MCQQuiz.all_objects.filter(pk=quiz.pk).exists()
    assert rows_of(quiz.pk) == {"questions": 0, "options": 0, "attempts": 0, "answers": 0}


def test_soft_deleting_a_quiz_keeps_everything_for_the_record():
    quiz = quiz_with_attempt()
    quiz.delete()
    assert not MCQQuiz.objects.filter(pk=quiz.pk).exists()
    assert rows_of(quiz.pk) == {"questions": 1, "options": 2, "attempts": 1, "answers": 1}


@pytest.mark.parametrize("delete", [lambda option: option.hard_delete(), delete_in_sql], ids=["django", "sql"])
def test_deleting_an_option_keeps_the_answer_without_it(delete):
    answer = MCQAnswerFactory()
    delete(answer.selected_option)
    answer.refresh_from_db()
    assert answer.selected_option_id is None


def test_deleting_a_subscription_with_invoices_is_refused_by_django():
    invoice = InvoiceFactory()
    with pytest.raises(ProtectedError):
        invoice.subscription.delete()
    assert type(invoice).objects.filter(pk=invoice.pk).exists()


def test_deleting_a_subscription_with_invoices_is_refused_by_the_database():
    invoice = InvoiceFactory()
    with pytest.raises(IntegrityError, match="invoices"), transaction.atomic():
        delete_in_sql(invoice.subscription)
    assert type(invoice).objects.filter(pk=invoice.pk).exists()
