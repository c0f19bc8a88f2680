from foiatrack.core.roles import is_data_admin, is_staff_member


def roles(request) -> dict:
    """Expose the viewer's roles to templates (navigation shows what each may use)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"is_staff_member": False, "is_data_admin": False}
    return {"is_staff_member": is_staff_member(user), "is_data_admin": is_data_admin(user)}
