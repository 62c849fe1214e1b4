import codezest.db.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_notification_type_choices'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='notification',
            name='notifications_type_valid',
        ),
        migrations.AlterField(
            model_name='notification',
            name='type',
            field=models.CharField(choices=[('language_completed', 'Language completed'), ('module_completed', 'Module completed'), ('quiz_completed', 'Quiz completed'), ('assignment_analyzed', 'Assignment analysed'), ('analysis_reviewed', 'Work reviewed by an instructor'), ('subscription_changed', 'Plan changed'), ('payment_success', 'Payment received'), ('invoice_issued', 'Invoice issued'), ('payment_failed', 'Payment failed'), ('payment_refunded', 'Payment refunded'), ('payment_method_added', 'Payment method added'), ('payment_method_removed', 'Payment method removed'), ('failed_logins', 'Failed logins to your account')], max_length=50),
        ),
        migrations.AddConstraint(
            model_name='notification',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('type__in', ['language_completed', 'module_completed', 'quiz_completed', 'assignment_analyzed', 'analysis_reviewed', 'subscription_changed', 'payment_success', 'invoice_issued', 'payment_failed', 'payment_refunded', 'payment_method_added', 'payment_method_removed', 'failed_logins'])), field='type', name='notifications_type_valid', violation_error_message='Choose one of: language_completed, module_completed, quiz_completed, assignment_analyzed, analysis_reviewed, subscription_changed, payment_success, invoice_issued, payment_failed, payment_refunded, payment_method_added, payment_method_removed, failed_logins.'),
        ),
    ]
