"""One error body for every API failure, so scripts parse errors one way.

    {"error": {"status": 409, "code": "invalid_transition", "message": "…", "fields": {…}}}

`fields` appears only on validation errors: {field name: [messages]}, with "non_field_errors"
for errors about the request as a whole.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from foiatrack.core.disk_full import DISK_FULL_MESSAGE, is_disk_full
from foiatrack.core.errors import error_body

# Messages written for people, replacing DRF's terse defaults where they help.
MESSAGES = {
    "not_authenticated": (
        "Authentication is needed: send 'Authorization: Token <your token>' or log in."
    ),
    "authentication_failed": "The token or credentials were not accepted.",
    "permission_denied": "Your account does not have the role this endpoint needs.",
    "invalid": "Some fields are not valid; see 'fields'.",
}


class Conflict(exceptions.APIException):
    """The request is valid but the resource's current state refuses it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource's current state does not allow this."
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The upload is larger than the limit."
    default_code = "upload_too_large"


class InsufficientStorage(exceptions.APIException):
    status_code = status.HTTP_507_INSUFFICIENT_STORAGE
    default_detail = DISK_FULL_MESSAGE
    default_code = "insufficient_storage"


def _as_api_exception(exc):
    if is_disk_full(exc):
        return InsufficientStorage()
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, DjangoValidationError):
        # A selector or service refused the input (Django's ValidationError): a 400.
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({"non_field_errors": exc.messages})
    return exc


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {
            "non_field_errors" if name == "__all__" else str(name): value
            if isinstance(value, list | dict)
            else [value]
            for name, value in detail.items()
        }
    return {"non_field_errors": detail if isinstance(detail, list) else [detail]}


def api_exception_handler(exc, context):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every handled error in the documented shape.

    Unhandled exceptions return None and become a 500; the contract tests make sure
    no input reaches one."""
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(exc.status_code, "invalid", MESSAGES["invalid"], _fields(exc.detail))
    else:
        code = _code(exc)
        message = str(exc.detail)
        if message == str(exc.default_detail) and code in MESSAGES:
            message = MESSAGES[code]
        body = error_body(exc.status_code, code, message)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


# Exempt, like DRF's views: otherwise a POST to a mistyped address would meet the CSRF
# check's HTML 403 instead of this JSON 404.
@csrf_exempt
def not_found(request, *args, **kwargs):
    """JSON 404 for any path under /api/v1/ that matches no endpoint."""
    return JsonResponse(
        error_body(404, "not_found", "No API endpoint at this address; see /api/docs/."),
        status=404,
    )
