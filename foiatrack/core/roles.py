"""The three audiences and how views check them.

Anonymous visitors read public gap reports. Advocacy *staff* (group "staff") log and
track requests. *Data admins* (group "data_admin") upload and audit received files and
manage agencies. Superusers may do everything.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STAFF_GROUP = "staff"
DATA_ADMIN_GROUP = "data_admin"


def _group_names(user) -> set[str]:
    # Cached on the user object: templates and views ask several times per request.
    if not hasattr(user, "_foiatrack_group_names"):
        user._foiatrack_group_names = set(user.groups.values_list("name", flat=True))
    return user._foiatrack_group_names


def is_staff_member(user) -> bool:
    """True for advocacy staff (and superusers)."""
    return bool(user.is_authenticated and (user.is_superuser or STAFF_GROUP in _group_names(user)))


def is_data_admin(user) -> bool:
    """True for data admins (and superusers)."""
    return bool(
        user.is_authenticated and (user.is_superuser or DATA_ADMIN_GROUP in _group_names(user))
    )


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("Your account does not have the role this page needs.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _role_required(is_staff_member)
data_admin_required = _role_required(is_data_admin)
# Anyone with a role (staff or data admin): what every account that works here may do.
member_required = _role_required(lambda user: is_staff_member(user) or is_data_admin(user))
