"""Django admin for received files: read-mostly. Uploads and audits go through the app's
own pages and services so hashing, storage and the audit queue are never bypassed."""

from django.contrib import admin

from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TableInline(ReadOnlyInline):
    model = Table
    fields = ["name", "status", "rows", "granularity", "time_resolution", "geo_resolution"]
    readonly_fields = fields


class ColumnProfileInline(ReadOnlyInline):
    model = ColumnProfile
    fields = [
        "position",
        "name",
        "role",
        "role_was_corrected",
        "inferred_type",
        "null_rate",
        "redacted_rate",
        "distinct_count",
        "distinct_is_exact",
        "minimum",
        "maximum",
        "examples",
    ]
    readonly_fields = fields


class GapFlagInline(ReadOnlyInline):
    model = GapFlag
    fields = ["code", "severity", "message", "evidence"]
    readonly_fields = fields


@admin.register(ReceivedFile)
class ReceivedFileAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "agency",
        "stage",
        "detected_format",
        "size_bytes",
        "uploaded_at",
    ]
    list_filter = ["stage", "detected_format"]
    list_select_related = ["agency", "stage"]
    search_fields = ["original_name", "sha256", "notes"]
    date_hierarchy = "uploaded_at"
    # Metadata may be corrected; the stored bytes and their identity may not.
    fields = [
        "original_name",
        "stored_file",
        "size_bytes",
        "sha256",
        "detected_format",
        "uploaded_by",
        "uploaded_at",
        "agency",
        "request",
        "stage",
        "notes",
    ]
    readonly_fields = [
        "original_name",
        "stored_file",
        "size_bytes",
        "sha256",
        "detected_format",
        "uploaded_by",
        "uploaded_at",
    ]
    raw_id_fields = ["agency", "request"]
    inlines = [TableInline]

    def has_add_permission(self, request):
        return False


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ["name", "received_file", "status", "rows", "granularity", "audited_at"]
    list_filter = ["status", "granularity", "time_resolution", "geo_resolution"]
    list_select_related = ["received_file"]
    search_fields = ["name", "received_file__original_name"]
    inlines = [ColumnProfileInline, GapFlagInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GapFlag)
class GapFlagAdmin(admin.ModelAdmin):
    list_display = ["code", "severity", "table", "message"]
    list_filter = ["code", "severity"]
    list_select_related = ["table"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
