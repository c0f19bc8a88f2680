"""Request parsers for the API: JSON bounded in size and depth before it is parsed.

Python's json module recurses once per level of nesting, so a small body nested thousands
deep raises RecursionError (a 500) before any view sees it. The body's size is capped
(API_MAX_JSON_BYTES) and its depth counted without recursion, outside strings, first.
"""

import re

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.utils import json

__all__ = ["BoundedJSONParser", "FormParser", "JSONParser", "MultiPartParser", "json_depth"]

# No endpoint takes more than a few levels (an object of lists of objects).
MAX_JSON_DEPTH = 32
DEFAULT_MAX_JSON_BYTES = 64 * 1024

# A JSON string, escapes included: brackets inside one do not nest anything.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def max_json_bytes() -> int:
    """The largest JSON body accepted, read at each request so a setting change applies."""
    return getattr(settings, "API_MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text, counted iteratively.

    Strings are removed first; in invalid text an unclosed quote leaves the brackets after
    it counted, which errs on the side of refusing."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class BodyTooLarge(exceptions.ParseError):
    default_detail = "The JSON body is larger than this API accepts."
    default_code = "body_too_large"


class BodyTooDeep(exceptions.ParseError):
    default_detail = "The JSON body is nested deeper than this API accepts."
    default_code = "body_too_deep"


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing (400) a body over the size cap or the depth limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = max_json_bytes()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise BodyTooLarge(f"The JSON body is larger than {limit // 1024} KiB.")
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise exceptions.ParseError(f"The JSON body is not valid {encoding}.") from error
        if json_depth(text) > MAX_JSON_DEPTH:
            raise BodyTooDeep(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from error


# Views import the JSON parser from here, so each one gets the bounded kind.
JSONParser = BoundedJSONParser  # noqa: F811
