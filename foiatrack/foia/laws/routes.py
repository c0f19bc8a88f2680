"""Access routes other than a public-records law (issue 9), each with its own rule."""

from foiatrack.foia.laws.rule import LawRule

# Not every record is under a public-records law (issue 9): a request may follow another
# access route, with its own deadline rule or none. A FOIA-route request uses its
# jurisdiction's law; the others use these rules.
ROUTE_FOIA = "foia"
ROUTE_CHOICES = [
    (ROUTE_FOIA, "Public-records law (FOIA)"),
    ("court_rules", "Court records through the clerk, under court rules"),
    ("open_data", "Open data portal (no request needed)"),
    ("other", "Other route"),
]
ROUTE_RULES: dict[str, LawRule] = {
    "court_rules": LawRule(
        code="court-rules",
        name="Court records under court rules",
        # In Illinois the judicial branch is not a "public body" under 5 ILCS 140/2(a):
        # court records are asked of the clerk, whom the FOIA's deadlines do not bind.
        citation="court rules (outside the public-records law)",
        appeal_body="The court (motion to the presiding judge), not the FOIA review body",
        deadline_text="no statutory deadline: the clerk answers under court rules",
    ),
    "open_data": LawRule(
        code="open-data",
        name="Open data portal",
        citation="published openly",
        appeal_body="none",
        deadline_text="no deadline: the records are published",
    ),
    "other": LawRule(
        code="other-route",
        name="Other access route",
        citation="no public-records law",
        appeal_body="none",
        deadline_text="no statutory deadline on this route",
    ),
}
