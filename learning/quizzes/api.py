"""Quizzes for anyone (answers once you have submitted), the learner's attempts, and everyone's for staff."""

import django_filters
from django.db.models import Case, F, When
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.api.idempotency import idempotent
from codezest.api.pagination import CursorPagination
from codezest.api.rows import JSONRowsListMixin
from codezest.api.serializers import LearnerSerializer
from codezest.api.views import SelectorQuerysetMixin
from learning.content.api import ModuleContentMixin, PublicContentMixin
from learning.review.api import QuizAnalysisOutputSerializer, StaffMixin, StaffQuizAnalysisOutputSerializer

from . import selectors, services
from .models import MCQAnswer, MCQAttempt, MCQOption, MCQQuestion, MCQQuiz


class QuizSummaryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = MCQQuiz
        ref_name = "QuizSummary"
        fields = ["id", "module", "title", "description", "passing_score", "time_limit"]


class RevealedField(serializers.Field):
    """A value shown only once the caller has submitted an attempt of the quiz; null before."""

    def to_representation(self, value):
        return value if self.context.get("reveal_answers") else None


@extend_schema_field({"type": "boolean", "nullable": True})
class RevealedBooleanField(RevealedField):
    pass


@extend_schema_field({"type": "string", "nullable": True})
class RevealedTextField(RevealedField):
    pass


class ModuleQuizzes(SelectorQuerysetMixin, ModuleContentMixin, generics.ListAPIView):
    serializer_class = QuizSummaryOutputSerializer

    def select(self):
        return selectors.module_quizzes(module=self.module())


class OptionOutputSerializer(serializers.ModelSerializer):
    is_correct = RevealedBooleanField(read_only=True, help_text="Null until you have submitted an attempt.")

    class Meta:
        model = MCQOption
        ref_name = "Option"
        fields = ["id", "option_text", "order", "is_correct"]


class QuestionOutputSerializer(serializers.ModelSerializer):
    options = OptionOutputSerializer(many=True, read_only=True)
    explanation = RevealedTextField(read_only=True, help_text="Null until you have submitted an attempt.")

    class Meta:
        model = MCQQuestion
        ref_name = "Question"
        fields = ["id", "question", "topic", "order", "points", "explanation", "options"]


class QuizDetail(SelectorQuerysetMixin, PublicContentMixin, generics.RetrieveAPIView):
    """A quiz with its questions and options; answers and explanations once you have submitted an attempt."""

    class OutputSerializer(QuizSummaryOutputSerializer):
        questions = QuestionOutputSerializer(many=True, read_only=True)

        class Meta(QuizSummaryOutputSerializer.Meta):
            ref_name = "Quiz"
            fields = [*QuizSummaryOutputSerializer.Meta.fields, "questions"]

    serializer_class = OutputSerializer

    def get_object(self):
        try:
            return selectors.public_quiz_with_questions(quiz_id=self.kwargs["pk"])
        except MCQQuiz.DoesNotExist as missing:
            raise Http404 from missing

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "pk" in self.kwargs:
            context["reveal_answers"] = selectors.quiz_answers_visible(
                user=self.request.user, quiz_id=self.kwargs["pk"]
            )
        return context


class AnswerOutputSerializer(serializers.ModelSerializer):
    is_correct = serializers.BooleanField(
        source="shown_correctness", allow_null=True, read_only=True, help_text="Null until the attempt is submitted."
    )

    class Meta:
        model = MCQAnswer
        ref_name = "Answer"
        fields = ["id", "question", "selected_option", "is_correct", "answered_at"]
        sql_fields = {"is_correct": Case(When(MCQAnswer.CORRECTNESS_SHOWN, then=F("is_correct")))}


class AttemptOutputSerializer(serializers.ModelSerializer):
    answers = AnswerOutputSerializer(many=True, read_only=True)
    analysis = QuizAnalysisOutputSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MCQAttempt
        ref_name = "Attempt"
        fields = ["id", "quiz", "score", "started_at", "completed_at", "answers", "analysis"]


class MyAttempts(JSONRowsListMixin, SelectorQuerysetMixin, generics.ListAPIView):
    """Your attempts (GET); start an attempt of a published quiz (POST)."""

    class InputSerializer(serializers.Serializer):
        quiz = serializers.UUIDField()

        class Meta:
            ref_name = "AttemptRequest"

    serializer_class = AttemptOutputSerializer
    pagination_class = CursorPagination

    def select(self):
        return selectors.user_attempts(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={201: AttemptOutputSerializer})
    @idempotent
    def post(self, request):
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        quiz = selectors.public_quizzes().filter(pk=given.validated_data["quiz"]).first()
        if quiz is None:
            raise NotFound("No published quiz has this id.")
        attempt = services.quiz_attempt_start(user=request.user, quiz=quiz)
        return Response(AttemptOutputSerializer(attempt).data, status=status.HTTP_201_CREATED)


class MyAttempt(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = AttemptOutputSerializer

    def select(self):
        return selectors.user_attempts(user=self.request.user)


class MyAttemptAnswer(SelectorQuerysetMixin, generics.GenericAPIView):
    """Answer a question of your open attempt; answering again before submitting changes the answer."""

    class InputSerializer(serializers.Serializer):
        option = serializers.UUIDField()

        class Meta:
            ref_name = "AnswerRequest"

    serializer_class = AnswerOutputSerializer

    def select(self):
        return selectors.user_attempts(user=self.request.user)

    @extend_schema(request=InputSerializer, responses={200: AnswerOutputSerializer})
    def put(self, request, pk, question):
        attempt = self.get_object()
        question = attempt.quiz.questions.filter(pk=question).first()
        if question is None:
            raise Http404
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        option = question.options.filter(pk=given.validated_data["option"]).first()
        if option is None:
            raise NotFound("This question has no option with this id.")
        answer = services.quiz_answer(attempt=attempt, question=question, option=option)
        return Response(AnswerOutputSerializer(answer).data)


class MyAttemptSubmit(SelectorQuerysetMixin, generics.GenericAPIView):
    """Submit your attempt: it is scored, and analysed in the background."""

    serializer_class = AttemptOutputSerializer

    def select(self):
        return selectors.user_attempts(user=self.request.user)

    @extend_schema(request=None, responses={200: AttemptOutputSerializer})
    def post(self, request, pk):
        attempt = services.quiz_attempt_submit(attempt=self.get_object())
        return Response(AttemptOutputSerializer(selectors.user_attempts(user=request.user).get(pk=attempt.pk)).data)


class AttemptFilter(django_filters.FilterSet):
    # Ids, not model choices: a choice filter would render every row (every user's email) in the browsable API.
    quiz = django_filters.UUIDFilter()
    user = django_filters.UUIDFilter()

    class Meta:
        model = MCQAttempt
        fields = ["quiz", "user"]


class AllAttempts(JSONRowsListMixin, SelectorQuerysetMixin, StaffMixin, generics.ListAPIView):
    class OutputSerializer(AttemptOutputSerializer):
        user = LearnerSerializer(read_only=True)
        analysis = StaffQuizAnalysisOutputSerializer(read_only=True, allow_null=True)

        class Meta(AttemptOutputSerializer.Meta):
            ref_name = "StaffAttempt"
            fields = [*AttemptOutputSerializer.Meta.fields, "user"]

    serializer_class = OutputSerializer
    filterset_class = AttemptFilter

    def select(self):
        return selectors.attempts_with_answers()
