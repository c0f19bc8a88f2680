"""The new text of a reply, without the quoted history and the signature. Plain Python.

For display only: the whole message is always kept.
"""

import re

_ATTRIBUTION = re.compile(r"(?i)^\s*on\b.{0,300}\bwrote:\s*$")
_ORIGINAL = re.compile(r"(?i)^\s*-{2,}\s*(original message|forwarded message)\s*-{2,}\s*$")
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_LINE = re.compile(r"(?i)^\s*\*?(from|sent|date|to|subject|cc):\*?\s")
_SIGNATURE = re.compile(r"^(--|-- )$")
_MOBILE = re.compile(r"(?i)^\s*sent from my \w+")


def trim_reply(text: str) -> str:
    """The reply's own words: cut at the first quote header, a `-- ` signature line or a
    "Sent from my phone" line, then drop trailing `>` quoted lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = len(lines)
    for index, line in enumerate(lines):
        if _starts_history(lines, index) or _SIGNATURE.match(line) or _MOBILE.match(line):
            end = index
            break
    kept = lines[:end]
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    return "\n".join(kept).strip()


def _starts_history(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _ORIGINAL.match(line) or _ATTRIBUTION.match(line):
        return True
    # "On Tue, 3 Mar 2026 at 10:02, Agency <x@y>" wrapped onto a second line ending "wrote:".
    wrapped = index + 1 < len(lines) and re.match(r"(?i)^\s*on\b", line)
    if wrapped and _ATTRIBUTION.match(f"{line} {lines[index + 1]}"):
        return True
    # Outlook: a rule or a From: line followed by Sent/To/Subject header lines.
    following = lines[index + 1 : index + 5]
    if _OUTLOOK_RULE.match(line) and any(_HEADER_LINE.match(item) for item in following):
        return True
    if re.match(r"(?i)^\s*\*?from:\*?\s", line):
        return sum(bool(_HEADER_LINE.match(item)) for item in following) >= 2
    return False
