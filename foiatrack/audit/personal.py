"""Personal data found from values: people's names and dates of birth.

Headers are not enough: a file with no header line, or one whose columns are called
`FIELD3`, still holds names. The tests here are deliberately narrow (a person's name is
"LAST, FIRST" or a common first name then a surname; a birth date makes the person 10 to
100 years old on the event dates) so that streets and offence words are not taken for
people.
"""

import re

import numpy as np

NAME_SHARE = 0.7  # share of a sample that must look like a person's name
_NAME_WORD = r"[A-Z][A-Za-z'\-]+"
_LAST_FIRST = re.compile(
    rf"^{_NAME_WORD}( {_NAME_WORD})?, ?{_NAME_WORD}( [A-Z]\.?| {_NAME_WORD})?$"
)
_FIRST_LAST = re.compile(rf"^({_NAME_WORD})( [A-Z]\.?)? {_NAME_WORD}$")
# The commonest US first names (Social Security Administration lists), a small general set.
_FIRST_NAMES = """
    JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL
    MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY
    RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN
    SCOTT BRANDON BENJAMIN SAMUEL GREGORY FRANK ALEXANDER RAYMOND PATRICK JACK DENNIS JERRY
    TYLER AARON JOSE ADAM HENRY NATHAN DOUGLAS ZACHARY PETER KYLE WALTER ETHAN JEREMY HAROLD
    KEITH CHRISTIAN ROGER NOAH GERALD CARL TERRY SEAN AUSTIN ARTHUR LAWRENCE JESSE DYLAN BRYAN
    JOE JORDAN BILLY BRUCE ALBERT WILLIE GABRIEL LOGAN ALAN JUAN WAYNE ROY RALPH RANDY EUGENE
    VINCENT RUSSELL ELIJAH LOUIS BOBBY PHILIP JOHNNY MARY PATRICIA JENNIFER LINDA ELIZABETH
    BARBARA SUSAN JESSICA SARAH KAREN NANCY LISA BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY
    DONNA MICHELLE DOROTHY CAROL AMANDA MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA
    KATHLEEN AMY SHIRLEY ANGELA HELEN ANNA BRENDA PAMELA NICOLE EMMA SAMANTHA KATHERINE
    CHRISTINE DEBRA RACHEL CATHERINE CAROLYN JANET RUTH MARIA HEATHER DIANE VIRGINIA JULIE
    JOYCE VICTORIA OLIVIA KELLY CHRISTINA LAUREN JOAN EVELYN JUDITH MEGAN CHERYL ANDREA HANNAH
    MARTHA JACQUELINE FRANCES GLORIA ANN TERESA KATHRYN SARA JANICE JEAN ALICE MADISON DORIS
    ABIGAIL JULIA JUDY GRACE DENISE AMBER MARILYN BEVERLY DANIELLE THERESA SOPHIA MARIE DIANA
    BRITTANY NATALIE ISABELLA CHARLOTTE ROSE ALEXIS KAYLA TAMIKA LATOYA KEISHA TYRONE DEANDRE
    DARNELL JAMAL TERRENCE ANTOINE CARLOS LUIS JORGE MIGUEL
"""
FIRST_NAMES = frozenset(_FIRST_NAMES.split())


def looks_like_person_names(sample: list[str]) -> bool:
    """True when most of a column's distinct values read as people's names."""
    if len(sample) < 5:
        return False
    hits = sum(1 for value in sample if _is_name(value.strip()))
    return hits >= NAME_SHARE * len(sample)


def _is_name(value: str) -> bool:
    if _LAST_FIRST.match(value):
        return True
    match = _FIRST_LAST.match(value)
    return bool(match) and match.group(1).upper() in FIRST_NAMES


def is_birth_date_range(
    birth_min: np.datetime64, birth_max: np.datetime64, event_min: np.datetime64
) -> bool:
    """True when every date in [birth_min, birth_max] makes a person 10 to 100 years old on
    the earliest event date (a victim's or defendant's birth date, not an event's)."""
    event_year = int(str(event_min)[:4])
    low_year, high_year = int(str(birth_min)[:4]), int(str(birth_max)[:4])
    return event_year - 100 <= low_year and high_year <= event_year - 10
