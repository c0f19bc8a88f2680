"""Admin views of pipeline results: read-only, since tasks compute them."""

from django.contrib import admin

from foiatrack.pipeline.models import CoverageCell, FollowUpDraft, LinkRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CoverageCell)
class CoverageCellAdmin(ReadOnlyAdmin):
    list_display = ["jurisdiction", "stage", "year", "state", "linkability_level", "computed_at"]
    list_filter = ["state", "stage", "jurisdiction"]
    list_select_related = ["jurisdiction", "stage"]


@admin.register(LinkRun)
class LinkRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "left_table", "right_table", "status", "method", "link_rate"]
    list_filter = ["status", "method"]
    list_select_related = ["left_table", "right_table"]


@admin.register(FollowUpDraft)
class FollowUpDraftAdmin(ReadOnlyAdmin):
    list_display = ["id", "table", "created_by", "created_at", "created_request"]
    list_select_related = ["table", "created_by", "created_request"]
