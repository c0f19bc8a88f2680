import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from foiatrack.core.roles import data_admin_required, is_data_admin, is_staff_member, staff_required


@staff_required
def staff_view(request):
    return HttpResponse("staff only")


@data_admin_required
def admin_view(request):
    return HttpResponse("data admins only")


def _call(view, user):
    request = RequestFactory().get("/somewhere")
    request.user = user
    return view(request)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login():
    from django.contrib.auth.models import AnonymousUser

    response = _call(staff_view, AnonymousUser())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/somewhere")


@pytest.mark.django_db
def test_wrong_role_is_refused(data_admin, staff_user, plain_user):
    from django.core.exceptions import PermissionDenied

    for view, user in [
        (staff_view, data_admin),
        (admin_view, staff_user),
        (staff_view, plain_user),
    ]:
        with pytest.raises(PermissionDenied):
            _call(view, user)


@pytest.mark.django_db
def test_right_role_and_superuser_are_let_in(staff_user, data_admin, superuser):
    assert _call(staff_view, staff_user).status_code == 200
    assert _call(admin_view, data_admin).status_code == 200
    assert _call(staff_view, superuser).status_code == 200
    assert is_staff_member(superuser) and is_data_admin(superuser)
