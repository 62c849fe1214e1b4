from django.db import migrations


class Migration(migrations.Migration):
    """Invoice numbers are Stripe's: the sequence that numbered invoices made here goes."""

    dependencies = [("payments", "0003_stripe_webhook_events")]

    operations = [
        migrations.RunSQL(
            sql="DROP SEQUENCE IF EXISTS payments.invoice_number_seq",
            reverse_sql="CREATE SEQUENCE IF NOT EXISTS payments.invoice_number_seq",
        )
    ]
