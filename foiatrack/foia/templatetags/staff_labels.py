"""Words for codes staff pages would otherwise print raw (asked vs received verdicts)."""

from django import template

register = template.Library()

# The comparison's period, detail-level and format verdicts (audit.compare), in words.
VERDICT_WORDS = {
    "not_asked": "not asked for",
    "unknown": "cannot tell from the files",
    "none": "nothing delivered",
    "complete": "the whole period",
    "partial": "part of the period only",
    "as_asked": "as asked",
    "coarser": "less detailed than asked",
    "finer": "more detailed than asked",
    "different": "not the format asked for",
}


@register.filter
def verdict_words(code: str) -> str:
    """A comparison verdict code in plain words; an unknown code as it is, underscores gone."""
    return VERDICT_WORDS.get(code, str(code).replace("_", " "))
