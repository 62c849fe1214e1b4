from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql="CREATE SEQUENCE IF NOT EXISTS payments.invoice_number_seq",
            reverse_sql="DROP SEQUENCE IF EXISTS payments.invoice_number_seq",
        )
    ]
