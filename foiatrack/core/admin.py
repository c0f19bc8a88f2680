from django.contrib import admin

from foiatrack.core.models import Stage


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["position", "code", "name"]
    ordering = ["position"]

    def has_add_permission(self, request):
        # Stages are fixed by foiatrack.stages and created by a migration.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
