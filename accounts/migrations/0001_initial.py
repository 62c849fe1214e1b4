import codezest.db.models
import django.contrib.postgres.functions
import django.db.models.deletion
import django.db.models.functions.datetime
import django.db.models.functions.text
import django.utils.timezone
import uuid6
from django.conf import settings
from django.db import migrations, models

from codezest.db.migrations import create_schema


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        create_schema('auth'),
        migrations.CreateModel(
            name='User',
            fields=[
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('deleted_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deleted at')),
                ('email', models.EmailField(max_length=254, verbose_name='email address')),
                ('name', models.CharField(blank=True, db_default='', max_length=150)),
                ('role', models.CharField(choices=[('ADMIN', 'Admin'), ('INSTRUCTOR', 'Instructor'), ('STUDENT', 'Student')], db_default='STUDENT', default='STUDENT', max_length=20)),
                ('email_verified', models.BooleanField(db_default=False, default=False)),
                ('is_active', models.BooleanField(db_default=True, default=True)),
                ('is_staff', models.BooleanField(db_default=False, default=False, help_text='Follows the role: admins and instructors.', verbose_name='staff status')),
                ('is_superuser', models.BooleanField(db_default=False, default=False, help_text='Follows the role: admins only.', verbose_name='superuser status')),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'db_table': 'auth"."users',
                'ordering': ['email'],
            },
        ),
        migrations.CreateModel(
            name='EmailVerification',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('token', models.CharField(editable=False, help_text='SHA-256 hex digest of the token; the token itself is never stored.', max_length=64, unique=True, verbose_name='token digest')),
                ('expires_at', models.DateTimeField()),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('verified', models.BooleanField(db_default=False, default=False)),
                ('verified_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_verifications', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'email verification',
                'verbose_name_plural': 'email verifications',
                'db_table': 'auth"."email_verifications',
                'ordering': ['-created_at'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='OAuthAccount',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('provider', models.CharField(choices=[('google', 'Google'), ('github', 'GitHub'), ('linkedin', 'LinkedIn')], max_length=20)),
                ('provider_account_id', models.CharField(max_length=255, verbose_name="provider's account id")),
                ('access_token', models.TextField(blank=True, db_default='')),
                ('refresh_token', models.TextField(blank=True, db_default='')),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='oauth_accounts', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'OAuth account',
                'verbose_name_plural': 'OAuth accounts',
                'db_table': 'auth"."oauth_accounts',
                'ordering': ['provider', 'provider_account_id'],
            },
        ),
        migrations.CreateModel(
            name='PasswordReset',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('token', models.CharField(editable=False, help_text='SHA-256 hex digest of the token; the token itself is never stored.', max_length=64, unique=True, verbose_name='token digest')),
                ('expires_at', models.DateTimeField()),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('used', models.BooleanField(db_default=False, default=False)),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='password_resets', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'password reset',
                'verbose_name_plural': 'password resets',
                'db_table': 'auth"."password_resets',
                'ordering': ['-created_at'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Session',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('token', models.CharField(editable=False, help_text='SHA-256 hex digest of the token; the token itself is never stored.', max_length=64, unique=True, verbose_name='token digest')),
                ('expires_at', models.DateTimeField()),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP address')),
                ('user_agent', models.TextField(blank=True, db_default='')),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'db_table': 'auth"."sessions',
                'ordering': ['-created_at'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UserProfile',
            fields=[
                ('id', models.UUIDField(db_default=django.contrib.postgres.functions.RandomUUID(), default=uuid6.uuid7, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), default=django.utils.timezone.now, editable=False, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, db_default=django.db.models.functions.datetime.Now(), verbose_name='updated at')),
                ('bio', models.TextField(blank=True, db_default='')),
                ('avatar', models.URLField(blank=True, db_default='', max_length=500)),
                ('location', models.CharField(blank=True, db_default='', max_length=120)),
                ('website', models.URLField(blank=True, db_default='', max_length=500)),
                ('github_url', models.URLField(blank=True, db_default='', max_length=500, verbose_name='GitHub URL')),
                ('linkedin_url', models.URLField(blank=True, db_default='', max_length=500, verbose_name='LinkedIn URL')),
                ('twitter_url', models.URLField(blank=True, db_default='', max_length=500, verbose_name='Twitter URL')),
                ('preferences', models.JSONField(blank=True, db_default={}, default=dict, help_text='Object with optional keys: "theme" ("light", "dark" or "system"), "language" (a language code such as "en"), "notifications" (an object of setting name to true/false).')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'user profile',
                'verbose_name_plural': 'user profiles',
                'db_table': 'auth"."user_profiles',
                'ordering': ['user__email'],
            },
        ),
        migrations.AddIndex(
            model_name='user',
            index=models.Index(django.db.models.functions.text.Lower('email'), name='users_email_lower_idx'),
        ),
        migrations.AddIndex(
            model_name='user',
            index=models.Index(fields=['role'], name='users_role_idx'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('deleted_at__isnull', True)), name='users_email_ci_unique', violation_error_message='A user with this email address already exists.'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('email', ''), _negated=True), field='email', name='users_email_not_blank', violation_error_message='This field is required.'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('role__in', ['ADMIN', 'INSTRUCTOR', 'STUDENT'])), field='role', name='users_role_valid', violation_error_message='Choose one of: ADMIN, INSTRUCTOR, STUDENT.'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(models.Q(('is_staff', True), ('is_superuser', True), ('role', 'ADMIN')), models.Q(('is_staff', True), ('is_superuser', False), ('role', 'INSTRUCTOR')), models.Q(('is_staff', False), ('is_superuser', False), ('role', 'STUDENT')), _connector='OR'), field='role', name='users_role_matches_admin_flags', violation_error_message='Staff and superuser status must follow the role.'),
        ),
        migrations.AddConstraint(
            model_name='emailverification',
            constraint=models.CheckConstraint(condition=models.Q(('token__regex', '^[0-9a-f]{64}$')), name='emailverification_token_is_digest'),
        ),
        migrations.AddConstraint(
            model_name='emailverification',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('verified', False), ('verified_at__isnull', True)), models.Q(('verified', True), ('verified_at__isnull', False)), _connector='OR'), name='email_verifications_verified_has_time'),
        ),
        migrations.AddConstraint(
            model_name='oauthaccount',
            constraint=models.UniqueConstraint(fields=('provider', 'provider_account_id'), name='oauth_accounts_provider_account_unique'),
        ),
        migrations.AddConstraint(
            model_name='oauthaccount',
            constraint=codezest.db.models.FieldCheckConstraint(condition=models.Q(('provider__in', ['google', 'github', 'linkedin'])), field='provider', name='oauth_accounts_provider_valid', violation_error_message='Choose one of: google, github, linkedin.'),
        ),
        migrations.AddConstraint(
            model_name='passwordreset',
            constraint=models.CheckConstraint(condition=models.Q(('token__regex', '^[0-9a-f]{64}$')), name='passwordreset_token_is_digest'),
        ),
        migrations.AddConstraint(
            model_name='passwordreset',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('used', False), ('used_at__isnull', True)), models.Q(('used', True), ('used_at__isnull', False)), _connector='OR'), name='password_resets_used_has_time'),
        ),
        migrations.AddIndex(
            model_name='session',
            index=models.Index(fields=['expires_at'], name='sessions_expires_at_idx'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=models.Q(('token__regex', '^[0-9a-f]{64}$')), name='session_token_is_digest'),
        ),
    ]
