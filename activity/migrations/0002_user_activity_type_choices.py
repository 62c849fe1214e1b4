import codezest.db.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='useractivity',
            name='user_activities_type_not_blank',
        ),
        migrations.AlterField(
            model_name='useractivity',
            name='type',
            field=models.CharField(choices=[('signed_up', 'Signed up'), ('language_enrolled', 'Enrolled in a language'), ('language_active', 'Resumed a language'), ('language_paused', 'Paused a language'), ('language_dropped', 'Dropped a language'), ('language_completed', 'Completed a language'), ('module_started', 'Started a module'), ('module_completed', 'Completed a module'), ('quiz_started', 'Started a quiz'), ('quiz_completed', 'Completed a quiz'), ('assignment_submitted', 'Submitted an assignment'), ('assignment_analyzed', 'Assignment analysed'), ('analysis_reviewed', 'Work reviewed by an instructor'), ('subscription_upgraded', 'Upgraded the plan'), ('subscription_changed', 'Plan changed'), ('payment_success', 'Payment received'), ('invoice_issued', 'Invoice issued'), ('payment_failed', 'Payment failed'), ('payment_refunded', 'Payment refunded'), ('payment_method_added', 'Payment method added'), ('payment_method_removed', 'Payment method removed')], max_length=50),
        ),
        migrations.AddConstraint(
            model_name='useractivity',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('type__in', ['signed_up', 'language_enrolled', 'language_active', 'language_paused', 'language_dropped', 'language_completed', 'module_started', 'module_completed', 'quiz_started', 'quiz_completed', 'assignment_submitted', 'assignment_analyzed', 'analysis_reviewed', 'subscription_upgraded', 'subscription_changed', 'payment_success', 'invoice_issued', 'payment_failed', 'payment_refunded', 'payment_method_added', 'payment_method_removed'])), field='type', name='user_activities_type_valid', violation_error_message='Choose one of: signed_up, language_enrolled, language_active, language_paused, language_dropped, language_completed, module_started, module_completed, quiz_started, quiz_completed, assignment_submitted, assignment_analyzed, analysis_reviewed, subscription_upgraded, subscription_changed, payment_success, invoice_issued, payment_failed, payment_refunded, payment_method_added, payment_method_removed.'),
        ),
    ]
