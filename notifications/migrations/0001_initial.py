import codezest.db.models
import django.contrib.postgres.functions
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
        create_schema('notifications'),
        migrations.CreateModel(
            name='EmailLog',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('to_address', models.EmailField(max_length=254, verbose_name='to')),
                ('from_address', models.EmailField(db_default='noreply@codezest.com', default='noreply@codezest.com', max_length=254, verbose_name='from')),
                ('subject', models.CharField(max_length=255)),
                ('body', models.TextField(blank=True, db_default='')),
                ('status', models.CharField(choices=[('PENDING', 'Pending'), ('SENT', 'Sent'), ('FAILED', 'Failed'), ('BOUNCED', 'Bounced')], db_default='PENDING', default='PENDING', max_length=10)),
                ('provider', models.CharField(blank=True, db_default='', help_text='e.g. "sendgrid", "ses".', max_length=50)),
                ('provider_message_id', models.CharField(blank=True, db_default='', max_length=255)),
                ('error', models.TextField(blank=True, db_default='', help_text='Why sending failed (an addition to the seed).')),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('failed_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'email log',
                'verbose_name_plural': 'email logs',
                'db_table': 'notifications"."email_logs',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['to_address'], name='email_logs_to_address_idx'), models.Index(fields=['status'], name='email_logs_status_idx'), models.Index(fields=['-created_at'], name='email_logs_created_at_idx')],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['PENDING', 'SENT', 'FAILED', 'BOUNCED'])), field='status', name='email_logs_status_valid', violation_error_message='Choose one of: PENDING, SENT, FAILED, BOUNCED.')],
            },
        ),
        migrations.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('email', models.BooleanField(db_default=True, default=True)),
                ('push', models.BooleanField(db_default=True, default=True)),
                ('sms', models.BooleanField(db_default=False, default=False, verbose_name='SMS')),
                ('user', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
                'db_table': 'notifications"."notification_preferences',
                'ordering': ['user_id'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('type', models.CharField(help_text='e.g. "quiz_completed", "payment_success".', max_length=50)),
                ('title', models.CharField(max_length=200)),
                ('message', models.TextField(blank=True, db_default='')),
                ('priority', models.CharField(choices=[('LOW', 'Low'), ('MEDIUM', 'Medium'), ('HIGH', 'High'), ('URGENT', 'Urgent')], db_default='MEDIUM', default='MEDIUM', max_length=10)),
                ('read', models.BooleanField(db_default=False, default=False)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('metadata', models.JSONField(blank=True, db_default={}, default=dict)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'db_table': 'notifications"."notifications',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['user', '-created_at'], name='notifications_user_newest_idx'), models.Index(condition=models.Q(('read', False)), fields=['user', '-created_at'], name='notifications_unread_idx')],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('priority__in', ['LOW', 'MEDIUM', 'HIGH', 'URGENT'])), field='priority', name='notifications_priority_valid', violation_error_message='Choose one of: LOW, MEDIUM, HIGH, URGENT.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('type', ''), _negated=True), field='type', name='notifications_type_not_blank', violation_error_message='This field is required.'), models.CheckConstraint(condition=models.Q(('read', False), ('read_at__isnull', False), _connector='OR'), name='notifications_read_has_time')],
            },
        ),
    ]
