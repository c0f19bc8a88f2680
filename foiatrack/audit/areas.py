"""The areas each jurisdiction is divided into, so an audit can list the missing ones.

Pure data: add a jurisdiction by adding an entry. Each kind of area lists the sets that
were valid over time, newest last, with the date each set took effect.
"""

import re

_CHICAGO_OLD_DISTRICTS = [str(n) for n in range(1, 26)]
# Districts 13, 21 and 23 were merged into their neighbours in March 2012.
_CHICAGO_DISTRICTS = [str(n) for n in (*range(1, 13), *range(14, 21), 22, 24, 25)]

KNOWN_AREAS: dict[str, dict[str, list[tuple[str, list[str]]]]] = {
    "chicago": {
        "district": [("1900-01-01", _CHICAGO_OLD_DISTRICTS), ("2012-03-01", _CHICAGO_DISTRICTS)],
        "ward": [("1900-01-01", [str(n) for n in range(1, 51)])],
        "community_area": [("1900-01-01", [str(n) for n in range(1, 78)])],
    },
    "milwaukee": {
        "district": [("1900-01-01", [str(n) for n in range(1, 8)])],
    },
}
AREA_ROLES = ["district", "ward", "community_area"]
_NUMBERED = re.compile(r"^\D*?0*(\d{1,3})(st|nd|rd|th)?(\.0+)?$", re.IGNORECASE)


def known_areas(jurisdiction: str | None, role: str, period_end: str | None) -> list[str] | None:
    """The areas of this kind in force at period_end (ISO date), or None if unknown."""
    kinds = KNOWN_AREAS.get((jurisdiction or "").strip().lower(), {})
    versions = kinds.get(role)
    if not versions:
        return None
    chosen = versions[0][1]
    for effective, areas in versions:
        if period_end is None or period_end >= effective:
            chosen = areas
    return chosen


def normalise_area(value: str) -> str | None:
    """ "001", "1.0", "District 1" and "1st" all become "1"; other text is not an area."""
    match = _NUMBERED.match(value.strip())
    return str(int(match.group(1))) if match else None


def area_sort_key(area: str) -> tuple[int, str]:
    """Numeric areas in numeric order."""
    return (int(area), "") if area.isdigit() else (10**6, area)
