"""Paragraphs a follow-up letter gains from a reconciliation shortfall (RECORDS_SHORTFALL)
and a degraded delivery (DEGRADED_DELIVERY), read from the flags' evidence. Pure Python."""

MAX_PERIODS = 12  # a letter lists at most this many periods, then the rest in one line


def reconciliation_paragraphs(flags: list[tuple[str, dict]]) -> list[str]:
    """Letter lines (each paragraph preceded by a blank line) for the two flags."""
    lines: list[str] = []
    for code, evidence in flags:
        evidence = evidence or {}
        if code == "RECORDS_SHORTFALL":
            lines += ["", *_shortfall(evidence)]
        elif code == "DEGRADED_DELIVERY":
            lines += ["", *_degraded(evidence.get("degradations", []))]
    return lines


def _shortfall(evidence: dict) -> list[str]:
    periods = [p for p in evidence.get("periods", []) if p.get("missing", 0) > 0]
    if not periods:
        return [
            f"Your count is {evidence.get('stated_total', 0):,}; you sent "
            f"{evidence.get('received_total', 0):,} records; please explain or release the "
            f"remaining {evidence.get('missing_total', 0):,}."
        ]
    lines = []
    for period in periods[:MAX_PERIODS]:
        lines.append(
            f"Your count for {period['period']} is {period['stated']:,}; you sent "
            f"{period['received']:,} records; please explain or release the remaining "
            f"{period['missing']:,}."
        )
    if len(periods) > MAX_PERIODS:
        rest = sum(p["missing"] for p in periods[MAX_PERIODS:])
        lines.append(f"In {len(periods) - MAX_PERIODS} further periods, {rest:,} more are missing.")
    return lines


def _degraded(degradations: list[dict]) -> list[str]:
    lines = ["Your answer is less complete than your previous answer to the same request:"]
    for item in degradations:
        kind = item.get("kind")
        if kind == "column_dropped":
            names = ", ".join(c["column"] for c in item.get("columns", []))
            lines.append(f"- the field(s) {names} are no longer included;")
        elif kind == "newly_redacted":
            names = ", ".join(c["new_column"] for c in item.get("columns", []))
            lines.append(f"- {names}, filled before, are now redacted;")
        elif kind == "periods_lost":
            lines.append(
                f"- the periods {', '.join(map(str, item.get('periods', [])))} are missing;"
            )
        elif kind == "areas_lost":
            lines.append(f"- the areas {', '.join(map(str, item.get('areas', [])))} are missing;")
        elif kind == "fewer_rows":
            periods = ", ".join(str(p["period"]) for p in item.get("periods", []))
            lines.append(f"- there are fewer records for {periods};")
    lines.append("please release them as before, or cite the exemption for each change.")
    return lines
