"""The admin site: a dashboard for staff, and the behaviours every model admin shares."""

import uuid
from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.filters import SimpleListFilter
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q, Subquery, UUIDField
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class CodeZestAdminSite(admin.AdminSite):
    site_header = "CodeZest administration"
    site_title = "CodeZest admin"
    index_title = "Platform"
    index_template = "admin/codezest_index.html"

    def __init__(self, name="admin"):
        super().__init__(name)
        self._dashboard_panels: list[Callable[[HttpRequest], str]] = []

    def register_dashboard_panel(self, panel: Callable[[HttpRequest], str]) -> None:
        """Show ``panel(request)`` (HTML) at the top of the admin index; apps register theirs in their admin."""
        self._dashboard_panels.append(panel)

    def index(self, request, extra_context=None):
        panels = [panel(request) for panel in self._dashboard_panels]
        return super().index(request, {"dashboard_panels": panels, **(extra_context or {})})

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin of this site filters only through the filters its page offers."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OfferedLookupsOnlyMixin):
            admin_class = type(admin_class.__name__, (OfferedLookupsOnlyMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


class OfferedLookupsOnlyMixin:
    """A changelist's URL may filter only on the list filters and date hierarchy the page shows.

    Django allows any lookup on a model's own fields, so ``?token__startswith=a`` would reveal a hidden
    token a character at a time; here such a URL is refused (400).
    """

    def lookup_allowed(self, lookup, value, request=None):
        offered = self.offered_lookups(request)
        if not any(lookup == name or lookup.startswith(name + LOOKUP_SEP) for name in offered):
            return False
        return super().lookup_allowed(lookup, value, request)

    def offered_lookups(self, request) -> set[str]:
        offered = {self.date_hierarchy} - {None}
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                offered.add(item.parameter_name)
            elif isinstance(item, (list, tuple)):
                offered.add(item[0])
            elif isinstance(item, str):
                offered.add(item)
        return offered


class BoundedCountPaginator(Paginator):
    """Counts at most ``limit`` rows, so a page of a huge table stays cheap; the pages end there.

    The count is a COUNT over a LIMIT subquery in the list's order, which an index must serve (see
    ``BigTableAdminMixin``): it then reads the first ``limit`` entries of the index that serves the page,
    whatever the filter (unordered, PostgreSQL may pick a plan that reads more, such as a merge join
    over a whole table). As the pages end at the counted rows, the deepest page's OFFSET reads at most
    ``limit`` rows too; rows further down are reached by a filter or a search. 5,000 rows are 50 pages
    of 100, and leave room under the 10,000 rows a query may read for what a plan reads beyond the rows
    it returns (parallel workers read ahead; a filter through a relation skips rows without one).
    """

    limit = 5_000

    @cached_property
    def count(self) -> int:
        return self.object_list.values("pk")[: self.limit].count()

    @property
    def capped(self) -> bool:
        """More rows may match than were counted."""
        return self.count >= self.limit

    def page(self, number):
        """The page's rows found by their ids first, from the list's index alone, then read with their joins.

        With OFFSET on the joined query, PostgreSQL would join every row it skips to the tables the list
        selects with it (``list_select_related``).
        """
        page = super().page(number)
        rows = page.object_list.query  # sliced by Paginator: the page's OFFSET and LIMIT
        ids = self.object_list.values("pk")[rows.low_mark : rows.high_mark]
        page.object_list = self.object_list.filter(pk__in=Subquery(ids))
        return page


class BigTableAdminMixin:
    """For tables that grow to millions of rows: each query of a list reads at most a page's worth of an index.

    The list's ordering must match an index, tie-breaker (the primary key) included, and so must each
    list filter followed by that ordering. No full count (``BoundedCountPaginator``), no sorting by the
    columns' headers, and a search that indexes serve (``get_search_results``). A list filter through a
    relation may name, as its ``ordering``, the order the related table's index gives; while it is
    applied the list follows that order.
    """

    paginator = BoundedCountPaginator
    show_full_result_count = False
    sortable_by = ()

    def action_checkbox(self, obj):
        # Django's renders a form widget through the template engine: a third of a 100-row page's time.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_ordering(self, request):
        for list_filter in self.get_list_filter(request):
            ordering = getattr(list_filter, "ordering", None)
            if ordering and list_filter.parameter_name in request.GET:
                return ordering
        return super().get_ordering(request)

    def get_search_results(self, request, queryset, search_term):
        """Each shape of term has its own lookup, one that an index serves.

        Django's search ORs ``UPPER(column) = UPPER(term)`` or ``ILIKE`` over every search field, which
        no index serves. Here a UUID is matched with the searched relations' ids, an e-mail finds the rows
        of its user (the search field ``<relation>__email``, through the users' ``lower(email)`` index),
        and any other term equals a searched text column as stored.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        kinds = {"id": [], "email": [], "text": []}
        for field in self.get_search_fields(request):
            path = field.lstrip("=^@")
            kinds[search_kind(self.model, path)].append(path)
        try:
            term_id = uuid.UUID(term)
        except ValueError:
            term_id = None
        if term_id and kinds["id"]:
            lookups = [(path, term_id) for path in kinds["id"]]
        elif "@" in term and kinds["email"]:
            user = get_user_model().objects.with_email(term).values("pk")[:1]  # accounts' lookup by e-mail
            lookups = [(path.removesuffix(f"{LOOKUP_SEP}email"), Subquery(user)) for path in kinds["email"]]
        elif kinds["text"]:
            lookups = [(path, term) for path in kinds["text"]]
        else:
            return queryset.none(), False
        return queryset.filter(Q.create(lookups, connector=Q.OR)), False


def search_kind(model, path: str) -> str:
    """``id`` for a relation or a UUID, ``email`` for a user's login e-mail, ``text`` for any other column."""
    for name in path.split(LOOKUP_SEP):
        field = model._meta.get_field(name)
        model = field.related_model if field.is_relation else model
    if field.is_relation or isinstance(field, UUIDField):
        return "id"
    if field.model is get_user_model() and field.name == get_user_model().USERNAME_FIELD:
        return "email"
    return "text"


class SoftDeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Not deleted"), ("yes", "Deleted"), ("all", "All")]

    def choices(self, changelist):
        # "Not deleted" is what an unfiltered list shows, so it is the default choice.
        for value, title in self.lookup_choices:
            selected = self.value() == value or (self.value() is None and value == "no")
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "all":
            return queryset
        return queryset.filter(deleted_at__isnull=True)


class SoftDeleteAdminMixin:
    """Deleted rows stay reachable through a filter; superusers may restore them or delete them for good."""

    actions = ["restore_selected", "hard_delete_selected"]

    def get_queryset(self, request):
        queryset = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_list_filter(self, request):
        return [SoftDeletedFilter, *super().get_list_filter(request)]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("restore_selected", None)
            actions.pop("hard_delete_selected", None)
        return actions

    @admin.action(description="Restore selected deleted rows")
    def restore_selected(self, request, queryset):
        restored = queryset.filter(deleted_at__isnull=False).restore()
        self.message_user(request, ngettext("%d row restored.", "%d rows restored.", restored) % restored)

    @admin.action(description="Delete selected rows permanently (cascades)")
    def hard_delete_selected(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, "Only superusers delete permanently.", messages.ERROR)
            return
        deleted, _ = queryset.hard_delete()
        self.message_user(request, f"{deleted} rows deleted permanently, cascades included.")


class ReadOnlyAdminMixin:
    """Rows another system owns (Stripe, the mail provider): viewable, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def since(days: int):
    return timezone.now() - timezone.timedelta(days=days)


class RecentFilter(admin.SimpleListFilter):
    """A time window on created_at, which the list's newest-first index serves."""

    title = "created"
    parameter_name = "created"
    windows = {"1": "Last 24 hours", "7": "Last 7 days", "30": "Last 30 days"}

    def lookups(self, request, model_admin):
        return list(self.windows.items())

    def queryset(self, request, queryset):
        if self.value() in self.windows:
            return queryset.filter(created_at__gte=since(int(self.value())))
        return queryset


__all__ = [
    "BigTableAdminMixin",
    "BoundedCountPaginator",
    "CodeZestAdminSite",
    "OfferedLookupsOnlyMixin",
    "ReadOnlyAdminMixin",
    "RecentFilter",
    "SoftDeleteAdminMixin",
]
