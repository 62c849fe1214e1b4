# A quiz analysis's average time per question refuses Infinity and NaN, which a float column takes and JSON
# cannot write: a row holding one, written by another service, would fail every list that shows it.

import codezest.db.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0010_dashboard_counts_of_existing_rows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="quizanalysis",
            constraint=codezest.db.models.FieldCheckConstraint(
                condition=models.Q(
                    ("avg_time_per_question__gt", float("-inf")), ("avg_time_per_question__lt", float("inf"))
                ),
                field="avg_time_per_question",
                name="quiz_analyses_avg_time_finite",
                violation_error_message="Must be a finite number.",
            ),
        ),
    ]
