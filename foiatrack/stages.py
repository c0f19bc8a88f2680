"""The justice pipeline's stages, in order, and the keys that usually link them.

Plain Python with no Django import: models use STAGE_CHOICES, the audit and the
linkage code use LINK_KEYS.
"""

CALL = "call"
REPORT = "report"
ARREST = "arrest"
CHARGE = "charge"
COURT = "court"
JAIL = "jail"
SENTENCE = "sentence"
PRISON = "prison"

STAGE_CHOICES = [
    (CALL, "Call for service (911/CAD)"),
    (REPORT, "Incident report"),
    (ARREST, "Arrest"),
    (CHARGE, "Charge / intake"),
    (COURT, "Court case and disposition"),
    (JAIL, "Jail booking"),
    (SENTENCE, "Sentence"),
    (PRISON, "Prison (department of corrections)"),
]
STAGES = [code for code, _label in STAGE_CHOICES]
STAGE_LABELS = dict(STAGE_CHOICES)

# Identifier kinds that a stage's records carry and that its neighbours may share.
LINK_KEYS = {
    CALL: ["event_number", "report_number"],
    REPORT: ["report_number", "event_number"],
    ARREST: ["arrest_number", "report_number"],
    CHARGE: ["case_number", "arrest_number"],
    COURT: ["case_number"],
    JAIL: ["booking_number", "case_number"],
    SENTENCE: ["case_number", "booking_number"],
    # A prison admission names the committing case (the mittimus) and its own inmate number.
    PRISON: ["case_number"],
}
# When no key is shared, records can still be matched on these (probabilistically).
FALLBACK_KEYS = ["time", "place", "offense_type"]


def next_stage(stage: str) -> str | None:
    """The stage after `stage` in the pipeline, or None at the end."""
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None
