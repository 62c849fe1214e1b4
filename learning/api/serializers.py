from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from learning.models import (
    Assignment,
    AssignmentAnalysis,
    AssignmentSubmission,
    LanguageEnrollment,
    Material,
    MaterialProgress,
    MCQAnswer,
    MCQAttempt,
    MCQOption,
    MCQQuestion,
    MCQQuiz,
    Module,
    ModuleProgress,
    ProgrammingLanguage,
    QuizAnalysis,
)

# Content ---------------------------------------------------------------------------------------


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammingLanguage
        fields = ["id", "name", "slug", "description", "icon", "difficulty"]


class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = ["id", "language", "title", "slug", "description", "syllabus", "order"]


class MaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "module", "title", "type", "content", "duration", "order"]


class TestCaseSerializer(serializers.Serializer):
    input = serializers.CharField()
    expected_output = serializers.CharField()
    hidden = serializers.BooleanField()


class AssignmentSerializer(serializers.ModelSerializer):
    test_cases = serializers.SerializerMethodField(
        help_text="Hidden cases appear only once you have submitted a solution."
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "module",
            "title",
            "description",
            "difficulty",
            "starter_code",
            "test_cases",
            "hints",
            "max_score",
            "time_limit",
        ]

    @extend_schema_field(TestCaseSerializer(many=True))
    def get_test_cases(self, assignment):
        revealed = assignment.pk in self.context.get("revealed_assignment_ids", ())
        return [case for case in assignment.test_cases if revealed or not case.get("hidden")]


class QuizSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = MCQQuiz
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


class OptionSerializer(serializers.ModelSerializer):
    is_correct = RevealedBooleanField(read_only=True, help_text="Null until you have submitted an attempt.")

    class Meta:
        model = MCQOption
        fields = ["id", "option_text", "order", "is_correct"]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)
    explanation = RevealedTextField(read_only=True, help_text="Null until you have submitted an attempt.")

    class Meta:
        model = MCQQuestion
        fields = ["id", "question", "topic", "order", "points", "explanation", "options"]


class QuizSerializer(QuizSummarySerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(QuizSummarySerializer.Meta):
        fields = [*QuizSummarySerializer.Meta.fields, "questions"]


# The learner's own rows ------------------------------------------------------------------------


class EnrollmentSerializer(serializers.ModelSerializer):
    language = LanguageSerializer(read_only=True)

    class Meta:
        model = LanguageEnrollment
        fields = ["id", "language", "status", "enrolled_at", "completed_at"]


class ModuleProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModuleProgress
        fields = ["id", "module", "status", "progress_percent", "started_at", "completed_at", "last_accessed_at"]


class MaterialProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialProgress
        fields = ["id", "material", "completed", "view_count", "last_viewed_at", "completed_at"]


class AssignmentAnalysisSerializer(serializers.ModelSerializer):
    """What a student may read of an analysis: no prompt, no reviewer."""

    reviewed = serializers.BooleanField(source="is_reviewed", read_only=True)

    class Meta:
        model = AssignmentAnalysis
        fields = [
            "id",
            "analysis_type",
            "overall_score",
            "code_quality",
            "strengths",
            "weaknesses",
            "suggestions",
            "detailed_feedback",
            "ai_model",
            "reviewed",
            "created_at",
            "updated_at",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    analysis = AssignmentAnalysisSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AssignmentSubmission
        fields = [
            "id",
            "assignment",
            "language",
            "code",
            "status",
            "score",
            "feedback",
            "submitted_at",
            "graded_at",
            "analysis",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    is_correct = serializers.SerializerMethodField(help_text="Null until the attempt is submitted.")

    class Meta:
        model = MCQAnswer
        fields = ["id", "question", "selected_option", "is_correct", "answered_at"]

    def get_is_correct(self, answer) -> bool | None:
        return answer.is_correct if answer.attempt.completed_at else None


class QuizAnalysisSerializer(serializers.ModelSerializer):
    reviewed = serializers.BooleanField(source="is_reviewed", read_only=True)

    class Meta:
        model = QuizAnalysis
        fields = [
            "id",
            "analysis_type",
            "performance_breakdown",
            "strong_topics",
            "weak_topics",
            "recommendations",
            "insights",
            "avg_time_per_question",
            "time_management",
            "reviewed",
            "created_at",
        ]


class AttemptSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    analysis = QuizAnalysisSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MCQAttempt
        fields = ["id", "quiz", "score", "started_at", "completed_at", "answers", "analysis"]


# Everyone's work, for instructors and admins -------------------------------------------------


class LearnerSerializer(serializers.Serializer):
    """Who did the work: an id and a name, never an email."""

    id = serializers.UUIDField()
    name = serializers.CharField()


class StaffAssignmentAnalysisSerializer(AssignmentAnalysisSerializer):
    class Meta(AssignmentAnalysisSerializer.Meta):
        fields = [*AssignmentAnalysisSerializer.Meta.fields, "submission", "ai_prompt", "analyzed_by", "reviewed_at"]


class StaffSubmissionSerializer(SubmissionSerializer):
    user = LearnerSerializer(read_only=True)
    analysis = StaffAssignmentAnalysisSerializer(read_only=True, allow_null=True)

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "user"]


class StaffQuizAnalysisSerializer(QuizAnalysisSerializer):
    class Meta(QuizAnalysisSerializer.Meta):
        fields = [*QuizAnalysisSerializer.Meta.fields, "attempt", "ai_model", "analyzed_by", "reviewed_at"]


class StaffAttemptSerializer(AttemptSerializer):
    user = LearnerSerializer(read_only=True)
    analysis = StaffQuizAnalysisSerializer(read_only=True, allow_null=True)

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "user"]
