"""The instructor's review forms: exactly the fields a review may change."""

from django import forms
from django.contrib.postgres.forms import SimpleArrayField

from learning.validators import CODE_QUALITY_KEYS

from .models import AssignmentAnalysis, QuizAnalysis
from .services import ASSIGNMENT_REVIEW_FIELDS, QUIZ_REVIEW_FIELDS


def lines_field(label: str) -> SimpleArrayField:
    return SimpleArrayField(
        forms.CharField(),
        delimiter="\n",
        required=False,
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line.",
    )


class AssignmentReviewForm(forms.ModelForm):
    """``code_quality`` is edited as one number field per score."""

    readability = forms.FloatField(min_value=0, max_value=10, required=False)
    efficiency = forms.FloatField(min_value=0, max_value=10, required=False)
    best_practices = forms.FloatField(min_value=0, max_value=10, required=False)
    strengths = lines_field("Strengths")
    weaknesses = lines_field("Weaknesses")
    suggestions = lines_field("Suggestions")

    class Meta:
        model = AssignmentAnalysis
        fields = tuple(name for name in ASSIGNMENT_REVIEW_FIELDS if name != "code_quality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in CODE_QUALITY_KEYS:
            self.fields[key].initial = (self.instance.code_quality or {}).get(key)

    def clean(self):
        cleaned = super().clean()
        cleaned["code_quality"] = {key: cleaned[key] for key in CODE_QUALITY_KEYS if cleaned.get(key) is not None}
        self.instance.code_quality = cleaned["code_quality"]
        return cleaned


class QuizReviewForm(forms.ModelForm):
    strong_topics = lines_field("Strong topics")
    weak_topics = lines_field("Weak topics")
    recommendations = lines_field("Recommendations")

    class Meta:
        model = QuizAnalysis
        fields = QUIZ_REVIEW_FIELDS
