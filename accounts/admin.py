from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from codezest.admin import BigTableAdminMixin, ReadOnlyAdminMixin, SoftDeleteAdminMixin

from .models import EmailVerification, IdempotencyRecord, OAuthAccount, PasswordReset, Session, User, UserProfile
from .services import user_change_role, user_create


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name", "role")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    fields = ("bio", "avatar", "location", "website", "github_url", "linkedin_url", "twitter_url", "preferences")


@admin.register(User)
class UserAdmin(SoftDeleteAdminMixin, DjangoUserAdmin):
    """Users sign up through the service; a role change moves admin access and the Instructors group."""

    add_form = UserCreateForm
    form = UserEditForm
    inlines = [UserProfileInline]
    list_display = ("email", "name", "role", "is_active", "email_verified", "created_at")
    list_filter = ("role", "is_active", "email_verified")
    search_fields = ("email", "name")
    ordering = ("email",)
    readonly_fields = ("is_staff", "is_superuser", "last_login", "created_at", "updated_at", "deleted_at")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("name", "email_verified")}),
        ("Access", {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at", "deleted_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "role", "password1", "password2")}),)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # sign-up makes the profile

    def save_model(self, request, obj, form, change):
        if not change:
            created = user_create(
                email=obj.email, password=form.cleaned_data.get("password1") or None, name=obj.name, role=obj.role
            )
            obj.pk, obj._state = created.pk, created._state
            return
        obj.save()
        if "role" in form.changed_data:
            user_change_role(user=obj, role=obj.role)


class UserRelatedAdmin(admin.ModelAdmin):
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    search_fields = ("user__email",)


@admin.register(UserProfile)
class UserProfileAdmin(UserRelatedAdmin):
    list_display = ("user", "location", "updated_at")


class TokenAdmin(UserRelatedAdmin):
    """Token rows hold digests only; nobody types one in."""

    readonly_fields = ("token", "created_at")
    ordering = ("-created_at",)

    def has_add_permission(self, request):
        return False


@admin.register(Session)
class SessionAdmin(TokenAdmin):
    list_display = ("user", "ip_address", "created_at", "last_used_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)


@admin.register(PasswordReset)
class PasswordResetAdmin(TokenAdmin):
    list_display = ("user", "created_at", "expires_at", "used", "used_at")
    list_filter = ("used",)


@admin.register(EmailVerification)
class EmailVerificationAdmin(TokenAdmin):
    list_display = ("user", "created_at", "expires_at", "verified", "verified_at")
    list_filter = ("verified",)


@admin.register(OAuthAccount)
class OAuthAccountAdmin(UserRelatedAdmin):
    list_display = ("user", "provider", "provider_account_id", "expires_at")
    list_filter = ("provider",)
    search_fields = ("user__email", "provider_account_id")
    exclude = ("access_token", "refresh_token")  # secrets are not shown


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(BigTableAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """POSTs sent with an Idempotency-Key, kept 24 hours for replays: to look at, never to edit."""

    list_display = ("key", "user", "method", "path", "response_status", "created_at", "completed_at", "expires_at")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    search_fields = ("=key",)
    ordering = ("-created_at",)
