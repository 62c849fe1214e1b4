from django.db import migrations

from codezest.db.migrations import PartitionByMonth


class Migration(migrations.Migration):

    dependencies = [
        ('activity', '0002_user_activity_type_choices'),
    ]

    operations = [
        PartitionByMonth(model_name='analyticsevent', field='created_at'),
    ]
