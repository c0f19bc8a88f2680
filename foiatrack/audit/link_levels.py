"""Linkability levels (issue 9): how far a table can be followed to another stage.

L0  no identifier at all
L1  an identifier, usable within the file only
L2  a key kind shared with another stage's table (named, with the measured link rate)
L3  a person-level key shared with the other table, so people can be followed
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .vocabulary import ID_ROLES, LINK_KEY_ROLES

# Roles that identify a person across cases. The audit vocabulary has no person-ID role
# yet; name + date of birth together act as one (how courts and jails match people).
PERSON_ID_ROLES = frozenset({"person_id"})
PERSON_COMPOSITE_ROLES = frozenset({"person_name", "date_of_birth"})

LEVEL_LABELS = {
    "L0": "No identifier",
    "L1": "Identifier within the file only",
    "L2": "Key shared with another stage",
    "L3": "Person-level key",
}


@dataclass
class Linkability:
    level: str  # "L0" | "L1" | "L2" | "L3"
    label: str
    shared_keys: list[str] = field(default_factory=list)
    link_rate: float | None = None
    reason: str = ""

    def to_dict(self) -> dict:
        """JSON-ready."""
        return asdict(self)


def _person_keys(roles: set[str]) -> set[str]:
    keys = roles & PERSON_ID_ROLES
    if roles >= PERSON_COMPOSITE_ROLES:
        keys.add("+".join(sorted(PERSON_COMPOSITE_ROLES)))
    return keys


def linkability_level(
    roles: Iterable[str],
    other_roles: Iterable[str] | None = None,
    *,
    link_rate: float | None = None,
) -> Linkability:
    """The linkability of a table (its column roles), alone or against another table.

    link_rate is the measured rate of a link run between the two; a shared key kind that
    linked nothing (rate 0) does not count as shared.
    """
    own = set(roles)
    if not own & (set(ID_ROLES) | PERSON_ID_ROLES):
        return _level("L0", reason="no column identifies a record")
    if other_roles is None:
        return _level("L1", reason="no other table to link to")
    other = set(other_roles)
    shared = [kind for kind in LINK_KEY_ROLES if kind in own and kind in other]
    person = sorted(_person_keys(own) & _person_keys(other))
    if not shared and not person:
        return _level("L1", reason="no key kind is shared with the other table")
    if link_rate == 0:
        return _level("L1", shared, link_rate, "the shared key linked no records")
    if person:
        return _level("L3", shared + person, link_rate, "a person-level key is shared")
    return _level("L2", shared, link_rate, "a record key is shared")


def _level(
    level: str, shared: list[str] | None = None, rate: float | None = None, reason: str = ""
) -> Linkability:
    return Linkability(level, LEVEL_LABELS[level], list(shared or []), rate, reason)
