from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTORS_GROUP = "Instructors"
CONTENT = ("programminglanguage", "module", "material", "assignment", "mcqquiz", "mcqquestion", "mcqoption")
LEARNER_WORK = (
    "languageenrollment",
    "moduleprogress",
    "materialprogress",
    "assignmentsubmission",
    "mcqattempt",
    "mcqanswer",
)
ANALYSES = ("assignmentanalysis", "quizanalysis")
PAYMENTS = ("subscription", "transaction", "invoice", "paymentmethod")

# Instructors author content, read learners' work, review analyses, and only look at payments and users.
PERMISSIONS = [
    *(("learning", f"{action}_{model}") for model in CONTENT for action in ("view", "add", "change")),
    *(("learning", f"view_{model}") for model in LEARNER_WORK),
    *(("learning", f"{action}_{model}") for model in ANALYSES for action in ("view", "change")),
    *(("payments", f"view_{model}") for model in PAYMENTS),
    ("accounts", "view_user"),
]


def grant(apps, schema_editor):
    alias = schema_editor.connection.alias
    for label in ("accounts", "learning", "payments"):
        # Permissions are normally made after migrating; this migration needs them now.
        create_permissions(installed_apps.get_app_config(label), apps=apps, verbosity=0, using=alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(alias).get_or_create(name=INSTRUCTORS_GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.using(alias).get(content_type__app_label=app_label, codename=codename))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.using(schema_editor.connection.alias).filter(name=INSTRUCTORS_GROUP):
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_create_instructors_group"),
        ("learning", "0001_initial"),
        ("payments", "0002_invoice_number_sequence"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
