"""The API's documented error body, in core so that middleware answering under /api/
(a full disk, say) speaks the same shape as the API's own exception handler."""


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The documented error body."""
    error = {"status": status_code, "code": code, "message": message}
    if fields is not None:
        error["fields"] = fields
    return {"error": error}
