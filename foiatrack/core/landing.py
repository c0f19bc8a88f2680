"""Where a user lands after logging in: where they work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from foiatrack.core.roles import is_data_admin, is_staff_member


@require_GET
@login_required
def after_login(request):
    """Staff to their dashboard, data admins to the received files, others home."""
    if is_staff_member(request.user):
        return redirect("foia:dashboard")
    if is_data_admin(request.user):
        return redirect("received:file_list")
    return redirect("home")
