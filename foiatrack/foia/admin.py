from django.contrib import admin

from foiatrack.foia import services
from foiatrack.foia.models import (
    AccessRoute,
    Agency,
    Appeal,
    Closure,
    Communication,
    FoiaRequest,
    Jurisdiction,
    Project,
    StatusChange,
    Tag,
)


class ClosureInline(admin.TabularInline):
    """A body's own closures and openings, edited with the body (issue 17)."""

    model = Closure
    extra = 0
    fields = ["date", "reason", "is_open"]


class CalendarRefreshMixin:
    """A changed calendar moves the due dates of the requests it touches, now."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "calendar" in form.changed_data:
            services.requests_refresh_due_dates(**{self.refresh_key: obj})

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Closure and formset.has_changed():
            services.requests_refresh_due_dates(**{self.refresh_key: form.instance})


@admin.register(Jurisdiction)
class JurisdictionAdmin(CalendarRefreshMixin, admin.ModelAdmin):
    refresh_key = "jurisdiction"
    inlines = [ClosureInline]
    list_display = ["name", "slug", "level", "law", "state", "calendar", "parent"]
    list_filter = ["level", "state", "calendar"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class AccessRouteInline(admin.TabularInline):
    model = AccessRoute
    extra = 0


@admin.register(Agency)
class AgencyAdmin(CalendarRefreshMixin, admin.ModelAdmin):
    refresh_key = "agency"
    inlines = [AccessRouteInline, ClosureInline]
    list_display = ["name", "slug", "jurisdiction", "agency_type", "calendar", "email"]
    # By state and level, not by jurisdiction: the national directory has thousands.
    list_filter = ["jurisdiction__state", "jurisdiction__level", "stages"]
    search_fields = ["name", "slug", "foia_officer", "email", "notes", "pdap_id"]
    filter_horizontal = ["stages"]
    list_select_related = ["jurisdiction"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["jurisdiction"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "jurisdiction", "agency", "is_open"]
    list_filter = ["jurisdiction__state", "is_open"]
    autocomplete_fields = ["jurisdiction", "agency"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    list_select_related = ["jurisdiction", "agency"]

    def _refresh(self, closure: Closure) -> None:
        # An amended calendar moves due dates of the requests it touches, now.
        services.requests_refresh_due_dates(
            agency=closure.agency if closure.agency_id else None,
            jurisdiction=closure.jurisdiction if not closure.agency_id else None,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._refresh(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._refresh(obj)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "effective_date", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # History is appended by request_transition only, so it always matches the status.
        return False


class CommunicationInline(admin.StackedInline):
    model = Communication
    extra = 0


class AppealInline(admin.TabularInline):
    model = Appeal
    extra = 0


@admin.register(FoiaRequest)
class FoiaRequestAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "agency",
        "status",
        "date_received",
        "date_due",
        "date_closed",
        "requester",
        "is_public",
    ]
    list_filter = ["status", "agency__jurisdiction", "agency", "is_public", "tags", "projects"]
    search_fields = ["title", "records_requested", "tracking_number", "agency__name"]
    date_hierarchy = "date_received"
    list_select_related = ["agency", "requester"]
    filter_horizontal = ["stages", "tags", "projects"]
    # Status moves through the lifecycle service, never by hand here.
    readonly_fields = ["status", "date_due", "overdue_notified_status", "overdue_notified_due"]
    inlines = [StatusChangeInline, CommunicationInline, AppealInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["request", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["request__title", "note"]
    list_select_related = ["request", "changed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Communication)
class CommunicationAdmin(admin.ModelAdmin):
    list_display = ["request", "direction", "date", "channel", "subject"]
    list_filter = ["direction", "channel"]
    search_fields = ["subject", "body", "request__title"]
    list_select_related = ["request"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["request", "filed_with", "filed_on", "date_due", "decided_on", "outcome"]
    list_filter = ["outcome", "filed_with"]
    search_fields = ["request__title", "filed_with", "notes"]
    list_select_related = ["request"]
