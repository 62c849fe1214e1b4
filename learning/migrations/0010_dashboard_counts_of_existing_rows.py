from django.db import migrations

# The rows already there, counted once; 0009's triggers count every statement from then on. Writes wait
# (SHARE lock) until the migration commits, so none is counted twice or missed.
COUNT = """
LOCK TABLE learning.assignment_submissions, learning.assignment_analyses, learning.quiz_analyses IN SHARE MODE;
DELETE FROM learning.submission_counts;
INSERT INTO learning.submission_counts (language, status, submissions)
    SELECT language, status, count(*) FROM learning.assignment_submissions GROUP BY language, status;
DELETE FROM learning.submission_quarter_hour_counts;
INSERT INTO learning.submission_quarter_hour_counts (starts_at, submissions)
    SELECT date_bin('15 minutes', submitted_at, '2000-01-01 00:00:00+00'), count(*)
    FROM learning.assignment_submissions GROUP BY 1;
DELETE FROM learning.awaiting_review_counts;
INSERT INTO learning.awaiting_review_counts (kind, analyses)
    SELECT 'assignment', count(*) FROM learning.assignment_analyses WHERE awaiting_review
    UNION ALL SELECT 'quiz', count(*) FROM learning.quiz_analyses WHERE awaiting_review;
"""
FORGET = """
DELETE FROM learning.submission_counts;
DELETE FROM learning.submission_quarter_hour_counts;
DELETE FROM learning.awaiting_review_counts;
"""


class Migration(migrations.Migration):
    dependencies = [("learning", "0009_dashboard_counts")]

    operations = [migrations.RunSQL(sql=COUNT, reverse_sql=FORGET)]
