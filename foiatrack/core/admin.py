from django.contrib import admin

from foiatrack.core.models import OutboxJob, Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name"]
    ordering = ["position"]

    def has_add_permission(self, request):
        # Stages are fixed by foiatrack.stages and created by a migration.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    """Read-only: a backlog of unsent jobs shows here while the broker is down."""

    list_display = ["id", "task", "created_at", "sent_at", "attempts", "done_at"]
    list_filter = ["task"]
    readonly_fields = [field.name for field in OutboxJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
