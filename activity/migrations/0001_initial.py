import codezest.db.models
import django.contrib.postgres.functions
import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
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
        create_schema('activity'),
        migrations.CreateModel(
            name='AnalyticsEvent',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('event_name', models.CharField(max_length=100)),
                ('properties', models.JSONField(blank=True, db_default={}, default=dict)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='analytics_events', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'analytics event',
                'verbose_name_plural': 'analytics events',
                'db_table': 'activity"."analytics_events',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['event_name'], name='analytics_events_name_idx'), django.contrib.postgres.indexes.BrinIndex(fields=['created_at'], name='analytics_events_time_brin')],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('event_name', ''), _negated=True), field='event_name', name='analytics_events_name_not_blank', violation_error_message='This field is required.')],
            },
        ),
        migrations.CreateModel(
            name='UserActivity',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('type', models.CharField(help_text='e.g. "module_started", "assignment_submitted".', max_length=50)),
                ('description', models.TextField(blank=True, db_default='')),
                ('metadata', models.JSONField(blank=True, db_default={}, default=dict)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='activities', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'user activity',
                'verbose_name_plural': 'user activities',
                'db_table': 'activity"."user_activities',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='activities_user_newest_idx')],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('type', ''), _negated=True), field='type', name='user_activities_type_not_blank', violation_error_message='This field is required.')],
            },
        ),
    ]
