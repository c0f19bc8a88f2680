"""Verdict codes of asked vs received read as words (issue 20)."""

from foiatrack.audit import compare
from foiatrack.foia.templatetags.staff_labels import verdict_words


def test_every_verdict_the_comparison_can_give_has_words():
    # The codes are read from the comparison module's source, not listed by hand here.
    import inspect
    import re

    source = inspect.getsource(compare)
    codes = set(re.findall(r'verdict"?\]? = "([a-z_]+)"', source))
    codes |= set(re.findall(r'"unknown" if deliveries else "([a-z_]+)"', source))
    assert {"as_asked", "none"} <= codes
    for code in codes:
        assert "_" not in verdict_words(code) and verdict_words(code) != code
