import codezest.db.models
import django.contrib.postgres.functions
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.comparison
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
        create_schema('payments'),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('plan', models.CharField(choices=[('FREE', 'Free'), ('PRO', 'Pro'), ('ENTERPRISE', 'Enterprise')], db_default='FREE', default='FREE', max_length=20)),
                ('status', models.CharField(choices=[('ACTIVE', 'Active'), ('CANCELED', 'Canceled'), ('EXPIRED', 'Expired'), ('PAUSED', 'Paused')], db_default='ACTIVE', default='ACTIVE', max_length=20)),
                ('stripe_customer_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe customer id')),
                ('stripe_subscription_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe subscription id')),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('valid_until', models.DateTimeField(blank=True, help_text='Empty: no end (the FREE plan).', null=True)),
                ('canceled_at', models.DateTimeField(blank=True, null=True)),
                ('metadata', models.JSONField(blank=True, db_default={}, default=dict)),
                ('user', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='subscription', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'subscription',
                'verbose_name_plural': 'subscriptions',
                'db_table': 'payments"."subscriptions',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Invoice',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('invoice_number', models.CharField(help_text='e.g. INV-2025-000001.', max_length=64, unique=True)),
                ('amount', models.IntegerField(help_text='Minor units (cents), before tax.')),
                ('tax', models.IntegerField(blank=True, help_text='Minor units (cents).', null=True)),
                ('total', models.IntegerField(help_text='amount + tax, in minor units.')),
                ('currency', models.CharField(db_default='usd', default='usd', help_text='ISO 4217 code, lowercase.', max_length=3)),
                ('status', models.CharField(choices=[('DRAFT', 'Draft'), ('SENT', 'Sent'), ('PAID', 'Paid'), ('OVERDUE', 'Overdue'), ('CANCELED', 'Canceled')], db_default='DRAFT', default='DRAFT', max_length=20)),
                ('stripe_invoice_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe invoice id')),
                ('invoice_url', models.URLField(blank=True, db_default='', max_length=1000, verbose_name='invoice PDF URL')),
                ('issued_at', models.DateTimeField(blank=True, null=True)),
                ('due_at', models.DateTimeField(blank=True, null=True)),
                ('paid_at', models.DateTimeField(blank=True, null=True)),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='invoices', to='payments.subscription')),
            ],
            options={
                'verbose_name': 'invoice',
                'verbose_name_plural': 'invoices',
                'db_table': 'payments"."invoices',
                'ordering': ['-issued_at', 'invoice_number'],
            },
        ),
        migrations.CreateModel(
            name='Transaction',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('amount', models.IntegerField(help_text='Minor units (cents).')),
                ('currency', models.CharField(db_default='usd', default='usd', help_text='ISO 4217 code, lowercase.', max_length=3)),
                ('status', models.CharField(choices=[('PENDING', 'Pending'), ('PROCESSING', 'Processing'), ('SUCCEEDED', 'Succeeded'), ('FAILED', 'Failed'), ('REFUNDED', 'Refunded')], db_default='PENDING', default='PENDING', max_length=20)),
                ('stripe_payment_intent_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe payment intent id')),
                ('stripe_charge_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe charge id')),
                ('payment_method', models.CharField(blank=True, db_default='', help_text='e.g. "card", "paypal".', max_length=50)),
                ('description', models.TextField(blank=True, db_default='')),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('paid_at', models.DateTimeField(blank=True, null=True)),
                ('failed_at', models.DateTimeField(blank=True, null=True)),
                ('subscription', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='transactions', to='payments.subscription')),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='transactions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'transaction',
                'verbose_name_plural': 'transactions',
                'db_table': 'payments"."transactions',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='PaymentMethod',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('type', models.CharField(choices=[('CARD', 'Card'), ('PAYPAL', 'PayPal'), ('BANK_TRANSFER', 'Bank transfer')], max_length=20)),
                ('stripe_payment_method_id', models.CharField(blank=True, max_length=255, null=True, unique=True, verbose_name='Stripe payment method id')),
                ('last4', models.CharField(blank=True, db_default='', help_text='Cards only; empty otherwise.', max_length=4, verbose_name='last 4 digits')),
                ('brand', models.CharField(blank=True, db_default='', help_text='e.g. "visa".', max_length=30)),
                ('expiry_month', models.SmallIntegerField(blank=True, null=True)),
                ('expiry_year', models.SmallIntegerField(blank=True, null=True)),
                ('paypal_email', models.EmailField(blank=True, db_default='', max_length=254, verbose_name='PayPal email')),
                ('is_default', models.BooleanField(db_default=False, default=False)),
                ('user', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='payment_methods', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'payment method',
                'verbose_name_plural': 'payment methods',
                'db_table': 'payments"."payment_methods',
                'ordering': ['-is_default', '-created_at'],
                'constraints': [codezest.db.models.FieldCheckConstraint(condition=models.Q(('type__in', ['CARD', 'PAYPAL', 'BANK_TRANSFER'])), field='type', name='payment_methods_type_valid', violation_error_message='Choose one of: CARD, PAYPAL, BANK_TRANSFER.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('last4', ''), ('last4__regex', '^[0-9]{4}$'), _connector='OR'), field='last4', name='payment_methods_last4_digits', violation_error_message='Exactly the last four digits, or empty.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('expiry_month__gte', 1), ('expiry_month__lte', 12)), field='expiry_month', name='payment_methods_expiry_month_range', violation_error_message='Must be from 1 to 12.'), codezest.db.models.FieldCheckConstraint(condition=models.Q(('expiry_year__gte', 2000), ('expiry_year__lte', 2200)), field='expiry_year', name='payment_methods_expiry_year_range', violation_error_message='Must be from 2000 to 2200.'), models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('user',), name='payment_methods_one_default_per_user', violation_error_message='This user already has a default payment method.')],
            },
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['plan'], name='subscriptions_plan_idx'),
        ),
        migrations.AddIndex(
            model_name='subscription',
            index=models.Index(fields=['status'], name='subscriptions_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('plan__in', ['FREE', 'PRO', 'ENTERPRISE'])), field='plan', name='subscriptions_plan_valid', violation_error_message='Choose one of: FREE, PRO, ENTERPRISE.'),
        ),
        migrations.AddConstraint(
            model_name='subscription',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['ACTIVE', 'CANCELED', 'EXPIRED', 'PAUSED'])), field='status', name='subscriptions_status_valid', violation_error_message='Choose one of: ACTIVE, CANCELED, EXPIRED, PAUSED.'),
        ),
        migrations.AddIndex(
            model_name='invoice',
            index=models.Index(fields=['status'], name='invoices_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('amount__gte', 0)), field='amount', name='invoices_amount_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('tax__gte', 0)), field='tax', name='invoices_tax_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('total', django.db.models.expressions.CombinedExpression(models.F('amount'), '+', django.db.models.functions.comparison.Coalesce(models.F('tax'), 0)))), field='total', name='invoices_total_is_amount_plus_tax', violation_error_message='The total must equal the amount plus tax.'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('currency__regex', '^[a-z]{3}$')), field='currency', name='invoices_currency_iso', violation_error_message='Use a 3-letter lowercase ISO 4217 code, such as usd.'),
        ),
        migrations.AddConstraint(
            model_name='invoice',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['DRAFT', 'SENT', 'PAID', 'OVERDUE', 'CANCELED'])), field='status', name='invoices_status_valid', violation_error_message='Choose one of: DRAFT, SENT, PAID, OVERDUE, CANCELED.'),
        ),
        migrations.AddIndex(
            model_name='transaction',
            index=models.Index(fields=['status'], name='transactions_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='transaction',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('amount__gte', 0)), field='amount', name='transactions_amount_not_negative', violation_error_message='Must be at least 0.'),
        ),
        migrations.AddConstraint(
            model_name='transaction',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('currency__regex', '^[a-z]{3}$')), field='currency', name='transactions_currency_iso', violation_error_message='Use a 3-letter lowercase ISO 4217 code, such as usd.'),
        ),
        migrations.AddConstraint(
            model_name='transaction',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('status__in', ['PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REFUNDED'])), field='status', name='transactions_status_valid', violation_error_message='Choose one of: PENDING, PROCESSING, SUCCEEDED, FAILED, REFUNDED.'),
        ),
    ]
