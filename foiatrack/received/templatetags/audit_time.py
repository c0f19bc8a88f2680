"""How long an audit took, for the data admin's pages."""

from django import template

register = template.Library()


def audit_seconds(tables) -> float | None:
    """Seconds from the first table's claim to the last one's audit, or None if unknown."""
    starts = [t.claimed_at for t in tables if t.claimed_at]
    ends = [t.audited_at for t in tables if t.audited_at]
    if not starts or not ends:
        return None
    return max((max(ends) - min(starts)).total_seconds(), 0.0)


@register.filter
def audit_took(table) -> str:
    """'audited in 2.1 s' for a finished table, '' when the times are not known."""
    seconds = audit_seconds([table])
    return "" if seconds is None else f"audited in {seconds:.1f} s"
