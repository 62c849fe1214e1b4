import codezest.db.models
import django.contrib.postgres.fields
import django.contrib.postgres.functions
import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
import learning.validators
import uuid6
from django.conf import settings
from django.db import migrations, models

from codezest.db.migrations import create_schema


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        create_schema('learning'),
        migrations.CreateModel(
            name='Assignment',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, db_default='')),
                ('difficulty', models.CharField(choices=[('BEGINNER', 'Beginner'), ('INTERMEDIATE', 'Intermediate'), ('ADVANCED', 'Advanced')], db_default='BEGINNER', default='BEGINNER', max_length=20)),
                ('starter_code', models.TextField(blank=True, db_default='')),
                ('test_cases', models.JSONField(blank=True, db_default=[], default=list, help_text='List of {"input": text, "expected_output": text, "hidden": true/false}.', validators=[learning.validators.validate_test_cases])),
                ('hints', models.JSONField(blank=True, db_default=[], default=list, help_text='List of hint texts.', validators=[learning.validators.validate_hints])),
                ('max_score', models.IntegerField(db_default=100, default=100)),
                ('time_limit', models.IntegerField(blank=True, help_text='Minutes; empty for no limit.', null=True)),
            ],
            options={
                'verbose_name': 'assignment',
                'verbose_name_plural': 'assignments',
                'db_table': 'learning"."assignments',
                'ordering': ['module_id', 'title'],
            },
        ),
        migrations.CreateModel(
            name='Material',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('title', models.CharField(max_length=200)),
                ('type', models.CharField(choices=[('VIDEO', 'Video'), ('ARTICLE', 'Article'), ('CODE_EXAMPLE', 'Code example'), ('INTERACTIVE', 'Interactive')], max_length=20)),
                ('content', models.TextField(blank=True, db_default='', help_text='A URL for a video, markdown for an article, code for a code example.')),
                ('duration', models.IntegerField(blank=True, help_text='Minutes.', null=True)),
                ('order', models.IntegerField(db_default=0, default=0)),
            ],
            options={
                'verbose_name': 'material',
                'verbose_name_plural': 'materials',
                'db_table': 'learning"."materials',
                'ordering': ['module_id', 'order', 'title'],
            },
        ),
        migrations.CreateModel(
            name='MCQQuestion',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('question', models.TextField()),
                ('explanation', models.TextField(blank=True, db_default='', help_text='Shown after answering.')),
                ('topic', models.CharField(blank=True, db_default='', help_text='Groups questions in a quiz analysis.', max_length=100)),
                ('order', models.IntegerField(db_default=0, default=0)),
                ('points', models.IntegerField(db_default=1, default=1)),
            ],
            options={
                'verbose_name': 'question',
                'verbose_name_plural': 'questions',
                'db_table': 'learning"."mcq_questions',
                'ordering': ['quiz_id', 'order'],
            },
        ),
        migrations.CreateModel(
            name='MCQQuiz',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, db_default='')),
                ('passing_score', models.SmallIntegerField(db_default=70, default=70, help_text='Percent, 0 to 100.')),
                ('time_limit', models.IntegerField(blank=True, help_text='Minutes; empty for no limit.', null=True)),
            ],
            options={
                'verbose_name': 'quiz',
                'verbose_name_plural': 'quizzes',
                'db_table': 'learning"."mcq_quizzes',
                'ordering': ['module_id', 'title'],
            },
        ),
        migrations.CreateModel(
            name='Module',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('title', models.CharField(max_length=200)),
                ('slug', models.SlugField(max_length=200)),
                ('description', models.TextField(blank=True, db_default='')),
                ('syllabus', models.TextField(blank=True, db_default='')),
                ('order', models.IntegerField(db_default=0, default=0)),
            ],
            options={
                'verbose_name': 'module',
                'verbose_name_plural': 'modules',
                'db_table': 'learning"."modules',
                'ordering': ['language_id', 'order', 'title'],
            },
        ),
        migrations.CreateModel(
            name='AssignmentSubmission',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('code', models.TextField()),
                ('language', models.CharField(help_text='The language of the code, e.g. "python".', max_length=50)),
                ('status', models.CharField(choices=[('PENDING', 'Pending'), ('RUNNING', 'Running'), ('PASSED', 'Passed'), ('FAILED', 'Failed'), ('ERROR', 'Error')], db_default='PENDING', default='PENDING', max_length=20)),
                ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True)),
                ('feedback', models.TextField(blank=True, db_default='')),
                ('submitted_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, verbose_name='submitted at')),
                ('graded_at', models.DateTimeField(blank=True, null=True)),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='learning.assignment')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='assignment_submissions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'assignment submission',
                'verbose_name_plural': 'assignment submissions',
                'db_table': 'learning"."assignment_submissions',
                'ordering': ['-submitted_at'],
            },
        ),
        migrations.CreateModel(
            name='AssignmentAnalysis',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('analysis_type', models.CharField(choices=[('AI', 'AI'), ('MANUAL', 'Manual'), ('HYBRID', 'Hybrid (AI reviewed by an instructor)')], db_default='AI', default='AI', max_length=10)),
                ('reviewed_at', models.DateTimeField(blank=True, help_text='When an instructor reviewed it (an addition to the seed).', null=True)),
                ('ai_model', models.CharField(blank=True, db_default='', help_text='e.g. "gpt-4", "claude-3".', max_length=100, verbose_name='AI model')),
                ('overall_score', models.SmallIntegerField(blank=True, help_text='0 to 100.', null=True)),
                ('strengths', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('weaknesses', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('suggestions', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('code_quality', models.JSONField(blank=True, db_default={}, default=dict, help_text='{"readability": 0-10, "efficiency": 0-10, "best_practices": 0-10}', validators=[learning.validators.validate_code_quality])),
                ('detailed_feedback', models.TextField(blank=True, db_default='')),
                ('ai_prompt', models.TextField(blank=True, db_default='', verbose_name='AI prompt')),
                ('analyzed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviewed_assignment_analyses', to=settings.AUTH_USER_MODEL)),
                ('submission', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='analysis', to='learning.assignmentsubmission')),
            ],
            options={
                'verbose_name': 'assignment analysis',
                'verbose_name_plural': 'assignment analyses',
                'db_table': 'learning"."assignment_analyses',
                'ordering': ['-created_at'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MaterialProgress',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('completed', models.BooleanField(db_default=False, default=False)),
                ('view_count', models.IntegerField(db_default=0, default=0)),
                ('last_viewed_at', models.DateTimeField(blank=True, null=True)),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('material', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='learning.material')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='material_progress', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'material progress',
                'verbose_name_plural': 'material progress',
                'db_table': 'learning"."material_progress',
                'ordering': ['user_id', 'material_id'],
            },
        ),
        migrations.CreateModel(
            name='MCQAttempt',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('score', models.DecimalField(blank=True, decimal_places=2, help_text='Percent, 0 to 100.', max_digits=5, null=True)),
                ('started_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, verbose_name='started at')),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='quiz_attempts', to=settings.AUTH_USER_MODEL)),
                ('quiz', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='learning.mcqquiz')),
            ],
            options={
                'verbose_name': 'quiz attempt',
                'verbose_name_plural': 'quiz attempts',
                'db_table': 'learning"."mcq_attempts',
                'ordering': ['-started_at'],
            },
        ),
        migrations.CreateModel(
            name='MCQOption',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('option_text', models.TextField()),
                ('is_correct', models.BooleanField(db_default=False, default=False)),
                ('order', models.IntegerField(db_default=0, default=0)),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='learning.mcqquestion')),
            ],
            options={
                'verbose_name': 'option',
                'verbose_name_plural': 'options',
                'db_table': 'learning"."mcq_options',
                'ordering': ['question_id', 'order'],
            },
        ),
        migrations.CreateModel(
            name='MCQAnswer',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('is_correct', models.BooleanField(db_default=False, default=False)),
                ('answered_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, verbose_name='answered at')),
                ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='learning.mcqattempt')),
                ('selected_option', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='answers', to='learning.mcqoption')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='learning.mcqquestion')),
            ],
            options={
                'verbose_name': 'quiz answer',
                'verbose_name_plural': 'quiz answers',
                'db_table': 'learning"."mcq_answers',
                'ordering': ['attempt_id', 'answered_at'],
            },
        ),
        migrations.AddField(
            model_name='mcqquestion',
            name='quiz',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='learning.mcqquiz'),
        ),
        migrations.AddField(
            model_name='mcqquiz',
            name='module',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quizzes', to='learning.module'),
        ),
        migrations.AddField(
            model_name='material',
            name='module',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='learning.module'),
        ),
        migrations.AddField(
            model_name='assignment',
            name='module',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='learning.module'),
        ),
        migrations.CreateModel(
            name='ModuleProgress',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('status', models.CharField(choices=[('NOT_STARTED', 'Not started'), ('IN_PROGRESS', 'In progress'), ('COMPLETED', 'Completed')], db_default='NOT_STARTED', default='NOT_STARTED', max_length=20)),
                ('progress_percent', models.SmallIntegerField(db_default=0, default=0)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('last_accessed_at', models.DateTimeField(blank=True, null=True)),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='learning.module')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='module_progress', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'module progress',
                'verbose_name_plural': 'module progress',
                'db_table': 'learning"."module_progress',
                'ordering': ['user_id', 'module_id'],
            },
        ),
        migrations.CreateModel(
            name='ProgrammingLanguage',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('name', models.CharField(max_length=100)),
                ('slug', models.SlugField(max_length=100)),
                ('description', models.TextField(blank=True, db_default='')),
                ('icon', models.CharField(blank=True, db_default='', help_text='An image URL or an emoji.', max_length=500)),
                ('difficulty', models.CharField(choices=[('BEGINNER', 'Beginner'), ('INTERMEDIATE', 'Intermediate'), ('ADVANCED', 'Advanced')], db_default='BEGINNER', default='BEGINNER', max_length=20)),
                ('is_active', models.BooleanField(db_default=True, default=True)),
            ],
            options={
                'verbose_name': 'programming language',
                'verbose_name_plural': 'programming languages',
                'db_table': 'learning"."programming_languages',
                'ordering': ['name'],
                'indexes': [models.Index(fields=['is_active'], name='languages_is_active_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('name',), name='programming_languages_name_unique'), models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('slug',), name='programming_languages_slug_unique'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('difficulty__in', ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'])), field='difficulty', name='programming_languages_difficulty_valid', violation_error_message='Choose one of: BEGINNER, INTERMEDIATE, ADVANCED.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('name', ''), _negated=True), field='name', name='programming_languages_name_not_blank', violation_error_message='This field is required.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('slug', ''), _negated=True), field='slug', name='programming_languages_slug_not_blank', violation_error_message='This field is required.')],
            },
        ),
        migrations.AddField(
            model_name='module',
            name='language',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='modules', to='learning.programminglanguage'),
        ),
        migrations.CreateModel(
            name='LanguageEnrollment',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('status', models.CharField(choices=[('ACTIVE', 'Active'), ('PAUSED', 'Paused'), ('COMPLETED', 'Completed'), ('DROPPED', 'Dropped')], db_default='ACTIVE', default='ACTIVE', max_length=20)),
                ('enrolled_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, verbose_name='enrolled at')),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='language_enrollments', to=settings.AUTH_USER_MODEL)),
                ('language', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='learning.programminglanguage')),
            ],
            options={
                'verbose_name': 'language enrollment',
                'verbose_name_plural': 'language enrollments',
                'db_table': 'learning"."language_enrollments',
                'ordering': ['-enrolled_at'],
            },
        ),
        migrations.CreateModel(
            name='QuizAnalysis',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('analysis_type', models.CharField(choices=[('AI', 'AI'), ('MANUAL', 'Manual'), ('HYBRID', 'Hybrid (AI reviewed by an instructor)')], db_default='AI', default='AI', max_length=10)),
                ('reviewed_at', models.DateTimeField(blank=True, help_text='When an instructor reviewed it (an addition to the seed).', null=True)),
                ('ai_model', models.CharField(blank=True, db_default='', help_text='e.g. "gpt-4", "claude-3".', max_length=100, verbose_name='AI model')),
                ('performance_breakdown', models.JSONField(blank=True, db_default={}, default=dict, help_text='{"topic": percent from 0 to 100, ...}', validators=[learning.validators.validate_performance_breakdown])),
                ('strong_topics', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('weak_topics', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('recommendations', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), blank=True, db_default=[], default=list, size=None)),
                ('insights', models.TextField(blank=True, db_default='')),
                ('avg_time_per_question', models.FloatField(blank=True, null=True, verbose_name='average seconds per question')),
                ('time_management', models.CharField(blank=True, db_default='', help_text='e.g. "Good", "Needs improvement".', max_length=50)),
                ('analyzed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reviewed_quiz_analyses', to=settings.AUTH_USER_MODEL)),
                ('attempt', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='analysis', to='learning.mcqattempt')),
            ],
            options={
                'verbose_name': 'quiz analysis',
                'verbose_name_plural': 'quiz analyses',
                'db_table': 'learning"."quiz_analyses',
                'ordering': ['-created_at'],
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='assignmentsubmission',
            index=models.Index(fields=['assignment', 'status'], name='submissions_assign_status_idx'),
        ),
        migrations.AddIndex(
            model_name='assignmentsubmission',
            index=models.Index(fields=['user', '-submitted_at'], name='submissions_user_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='assignmentsubmission',
            index=models.Index(fields=['status'], name='submissions_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='assignmentsubmission',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['PENDING', 'RUNNING', 'PASSED', 'FAILED', 'ERROR'])), field='status', name='assignment_submissions_status_valid', violation_error_message='Choose one of: PENDING, RUNNING, PASSED, FAILED, ERROR.'),
        ),
        migrations.AddConstraint(
            model_name='assignmentsubmission',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('score__gte', 0)), field='score', name='assignment_submissions_score_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddIndex(
            model_name='assignmentanalysis',
            index=models.Index(fields=['analysis_type', '-created_at'], name='assignment_analyses_queue_idx'),
        ),
        migrations.AddConstraint(
            model_name='assignmentanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('analysis_type__in', ['AI', 'MANUAL', 'HYBRID'])), field='analysis_type', name='assignment_analyses_type_valid', violation_error_message='Choose one of: AI, MANUAL, HYBRID.'),
        ),
        migrations.AddConstraint(
            model_name='assignmentanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('overall_score__gte', 0), ('overall_score__lte', 100)), field='overall_score', name='assignment_analyses_score_percent', violation_error_message='Must be from 0 to 100.'),
        ),
        migrations.AddConstraint(
            model_name='assignmentanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('code_quality__readability__isnull', True), models.Q(('code_quality__readability__gte', 0), ('code_quality__readability__lte', 10)), _connector='OR'), field='code_quality', name='assignment_analyses_readability_range', violation_error_message='readability must be a number from 0 to 10.'),
        ),
        migrations.AddConstraint(
            model_name='assignmentanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('code_quality__efficiency__isnull', True), models.Q(('code_quality__efficiency__gte', 0), ('code_quality__efficiency__lte', 10)), _connector='OR'), field='code_quality', name='assignment_analyses_efficiency_range', violation_error_message='efficiency must be a number from 0 to 10.'),
        ),
        migrations.AddConstraint(
            model_name='assignmentanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('code_quality__best_practices__isnull', True), models.Q(('code_quality__best_practices__gte', 0), ('code_quality__best_practices__lte', 10)), _connector='OR'), field='code_quality', name='assignment_analyses_best_practices_range', violation_error_message='best_practices must be a number from 0 to 10.'),
        ),
        migrations.AddIndex(
            model_name='materialprogress',
            index=models.Index(fields=['completed'], name='material_progress_done_idx'),
        ),
        migrations.AddConstraint(
            model_name='materialprogress',
            constraint=models.UniqueConstraint(fields=('user', 'material'), name='material_progress_user_material_unique'),
        ),
        migrations.AddConstraint(
            model_name='materialprogress',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('view_count__gte', 0)), field='view_count', name='material_progress_view_count_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='materialprogress',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(models.Q(('completed', True), _negated=True), ('completed_at__isnull', False), _connector='OR'), field='completed_at', name='material_progress_completed_has_time', violation_error_message='A completed row needs its completion time.'),
        ),
        migrations.AddConstraint(
            model_name='mcqoption',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('order__gte', 0)), field='order', name='mcq_options_order_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='mcqanswer',
            constraint=models.UniqueConstraint(fields=('attempt', 'question'), name='mcq_answers_attempt_question_unique'),
        ),
        migrations.AddIndex(
            model_name='mcqquestion',
            index=models.Index(fields=['quiz', 'order'], name='mcq_questions_quiz_order_idx'),
        ),
        migrations.AddConstraint(
            model_name='mcqquestion',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('order__gte', 0)), field='order', name='mcq_questions_order_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='mcqquestion',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('points__gte', 1)), field='points', name='mcq_questions_points_positive', violation_error_message='Must be at least 1.'),
        ),
        migrations.AddIndex(
            model_name='mcqattempt',
            index=models.Index(fields=['user', '-started_at'], name='attempts_user_newest_idx'),
        ),
        migrations.AddConstraint(
            model_name='mcqattempt',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 100)), field='score', name='mcq_attempts_score_percent', violation_error_message='Must be from 0 to 100.'),
        ),
        migrations.AddConstraint(
            model_name='mcqquiz',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('passing_score__gte', 0), ('passing_score__lte', 100)), field='passing_score', name='mcq_quizzes_passing_score_percent', violation_error_message='Must be from 0 to 100.'),
        ),
        migrations.AddConstraint(
            model_name='mcqquiz',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('time_limit__gte', 1)), field='time_limit', name='mcq_quizzes_time_limit_positive', violation_error_message='Must be at least 1.'),
        ),
        migrations.AddIndex(
            model_name='material',
            index=models.Index(fields=['module', 'order'], name='materials_module_order_idx'),
        ),
        migrations.AddIndex(
            model_name='material',
            index=models.Index(fields=['type'], name='materials_type_idx'),
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('type__in', ['VIDEO', 'ARTICLE', 'CODE_EXAMPLE', 'INTERACTIVE'])), field='type', name='materials_type_valid', violation_error_message='Choose one of: VIDEO, ARTICLE, CODE_EXAMPLE, INTERACTIVE.'),
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('duration__gte', 0)), field='duration', name='materials_duration_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='material',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('order__gte', 0)), field='order', name='materials_order_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['difficulty'], name='assignments_difficulty_idx'),
        ),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('difficulty__in', ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'])), field='difficulty', name='assignments_difficulty_valid', violation_error_message='Choose one of: BEGINNER, INTERMEDIATE, ADVANCED.'),
        ),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('max_score__gte', 1)), field='max_score', name='assignments_max_score_positive', violation_error_message='Must be at least 1.'),
        ),
        migrations.AddConstraint(
            model_name='assignment',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('time_limit__gte', 1)), field='time_limit', name='assignments_time_limit_positive', violation_error_message='Must be at least 1.'),
        ),
        migrations.AddIndex(
            model_name='moduleprogress',
            index=models.Index(fields=['status'], name='module_progress_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='moduleprogress',
            constraint=models.UniqueConstraint(fields=('user', 'module'), name='module_progress_user_module_unique'),
        ),
        migrations.AddConstraint(
            model_name='moduleprogress',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'])), field='status', name='module_progress_status_valid', violation_error_message='Choose one of: NOT_STARTED, IN_PROGRESS, COMPLETED.'),
        ),
        migrations.AddConstraint(
            model_name='moduleprogress',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('progress_percent__gte', 0), ('progress_percent__lte', 100)), field='progress_percent', name='module_progress_percent_range', violation_error_message='Must be from 0 to 100.'),
        ),
        migrations.AddConstraint(
            model_name='moduleprogress',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(models.Q(('status', 'COMPLETED'), _negated=True), ('completed_at__isnull', False), _connector='OR'), field='completed_at', name='module_progress_completed_has_time', violation_error_message='A completed row needs its completion time.'),
        ),
        migrations.AddIndex(
            model_name='module',
            index=models.Index(fields=['language', 'order'], name='modules_language_order_idx'),
        ),
        migrations.AddConstraint(
            model_name='module',
            constraint=models.UniqueConstraint(condition=models.Q(('deleted_at__isnull', True)), fields=('language', 'slug'), name='modules_language_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='module',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('order__gte', 0)), field='order', name='modules_order_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='module',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('slug', ''), _negated=True), field='slug', name='modules_slug_not_blank', violation_error_message='This field is required.'),
        ),
        migrations.AddIndex(
            model_name='languageenrollment',
            index=models.Index(fields=['status'], name='enrollments_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='languageenrollment',
            constraint=models.UniqueConstraint(fields=('user', 'language'), name='language_enrollments_user_language_unique'),
        ),
        migrations.AddConstraint(
            model_name='languageenrollment',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['ACTIVE', 'PAUSED', 'COMPLETED', 'DROPPED'])), field='status', name='language_enrollments_status_valid', violation_error_message='Choose one of: ACTIVE, PAUSED, COMPLETED, DROPPED.'),
        ),
        migrations.AddConstraint(
            model_name='languageenrollment',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(models.Q(('status', 'COMPLETED'), _negated=True), ('completed_at__isnull', False), _connector='OR'), field='completed_at', name='language_enrollments_completed_has_time', violation_error_message='A completed row needs its completion time.'),
        ),
        migrations.AddIndex(
            model_name='quizanalysis',
            index=models.Index(fields=['analysis_type', '-created_at'], name='quiz_analyses_queue_idx'),
        ),
        migrations.AddConstraint(
            model_name='quizanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('analysis_type__in', ['AI', 'MANUAL', 'HYBRID'])), field='analysis_type', name='quiz_analyses_type_valid', violation_error_message='Choose one of: AI, MANUAL, HYBRID.'),
        ),
        migrations.AddConstraint(
            model_name='quizanalysis',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('avg_time_per_question__gte', 0)), field='avg_time_per_question', name='quiz_analyses_avg_time_not_negative', violation_error_message='Must be at least 0.'),
        ),
    ]
