import codezest.db.models
import django.contrib.postgres.functions
import django.db.models.functions.datetime
import django.utils.timezone
import uuid6
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0002_invoice_number_sequence'),
    ]

    operations = [
        migrations.CreateModel(
            name='StripeWebhookEvent',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('stripe_event_id', models.CharField(max_length=255, unique=True, verbose_name='Stripe event id')),
                ('type', models.CharField(max_length=100)),
                ('payload', models.JSONField(help_text='The event as Stripe sent it.')),
                ('received_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('processed_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.IntegerField(db_default=0, default=0)),
                ('error', models.TextField(blank=True, db_default='')),
            ],
            options={
                'verbose_name': 'Stripe webhook event',
                'verbose_name_plural': 'Stripe webhook events',
                'db_table': 'payments"."stripe_webhook_events',
                'ordering': ['-received_at'],
                'indexes': [models.Index(fields=['type'], name='stripe_events_type_idx'), models.Index(condition=models.Q(('processed_at__isnull', True)), fields=['received_at'], name='stripe_events_pending_idx')],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('attempts__gte', 0)), field='attempts', name='stripe_webhook_events_attempts_not_negative', violation_error_message='Must be at least 0.')],
            },
        ),
    ]
