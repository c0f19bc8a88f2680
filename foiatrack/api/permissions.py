"""DRF permissions on top of foiatrack.core.roles, so the API and the pages agree."""

from rest_framework.permissions import BasePermission

from foiatrack.core.roles import is_data_admin, is_staff_member


class IsStaffMember(BasePermission):
    """Advocacy staff (and superusers): anonymous clients get 401, other users 403."""

    message = "This endpoint is for advocacy staff (the 'staff' group)."

    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


class IsDataAdmin(BasePermission):
    """Data admins (and superusers): anonymous clients get 401, other users 403."""

    message = "This endpoint is for data admins (the 'data_admin' group)."

    def has_permission(self, request, view) -> bool:
        return is_data_admin(request.user)
