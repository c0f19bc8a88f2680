"""Roles from header names, read as words whatever the export's style.

Agencies write the same header many ways: `ArrestNumber` (Open Baltimore, CamelCase),
`case_number` (Socrata, lower snake case), `CB_NO`, `RD #`, `Event#`, `General Offense
Number`, `Zone/Beat`. A header is first cut into lower-case words (CamelCase, underscores,
punctuation, `#` read as "no"), then matched against rules written over words, so a rule
names a vocabulary of words, never one spelling.
"""

import re

_NUMBER = r"(no|num|nbr|nr|number|id|key|code no)"
# First match wins, so specific names come before general ones ("date of birth" before "date").
_WORD_RULES: list[tuple[str, str]] = [
    (r"^(dob|date of birth|birth ?date|birth (dt|day)|birthday|(.* )birth date)$", "date_of_birth"),
    (
        r"^((first|last|middle|full|given|sur|defendant|inmate|arrestee|offender|subject|person|"
        r"victim|suspect)( ?name)?|name|surname|(first|last|given|family) name .*)$",
        "person_name",
    ),
    (r"^age( at (arrest|booking|offen[cs]e|incident))?$|^(.* )age$", "age"),
    (r"^(sex|gender)( .*)?$|^(.* )(sex|gender)$", "sex"),
    (r"^(race|ethnicity|race ethnicity)( .*)?$|^(.* )race$", "race"),
    # An agency's own report number: RD (Chicago), GO (Seattle), report/offense numbers.
    (
        rf"^(rd( {_NUMBER})?|(police )?rd {_NUMBER}|(report|police report|incident report|"
        rf"general offen[cs]e|offen[cs]e report|go|ir|rms) {_NUMBER}|(.* )report {_NUMBER})$",
        "report_number",
    ),
    (
        rf"^(cb( {_NUMBER})?|(arrest|central booking) {_NUMBER}|(.* )arrest {_NUMBER})$",
        "arrest_number",
    ),
    (
        rf"^((cad )?(event|incident|call|cfs|inci|cad|dispatch)( event)? {_NUMBER}"
        rf"|(.* )(event|incident|call) {_NUMBER})$",
        "event_number",
    ),
    (rf"^((jail )?(booking|book)( {_NUMBER})?)$", "booking_number"),
    (
        rf"^((court )?(case|docket|citation|ticket)( {_NUMBER})?|(.* )(case|docket) {_NUMBER})$",
        "case_number",
    ),
    (
        r"^(id|record id|row id|rowid|objectid|object id|fid|unique id|uid|row|row number|"
        r"(.* )?(participant|person|charge|cdw|record|row) id|(.* )id)$",
        "record_id",
    ),
    (r"^(.* )?(datetime|date time|date and time|timestamp|date stamp)$", "timestamp"),
    (r"^(.* )?(date|dt)$|^date( .*)?$", "date"),
    (r"^(.* )?(time|hour|hhmm|hhmmss)$", "time"),
    (r"^(year|yr|calendar year|fiscal year|(.* )year)$", "year"),
    (r"^(month|mo|(.* )month)$", "month"),
    (r"^(weekday|day of week|dow|day of the week|day)$", "weekday"),
    (r"^(latitude|lat|(.* )(latitude|lat))$", "latitude"),
    (r"^(longitude|lon|long|lng|(.* )(longitude|lon|long|lng))$", "longitude"),
    (r"^(x|x coordinate|x coord|xcoord|(.* )x coordinate)$", "x_coordinate"),
    (r"^(y|y coordinate|y coord|ycoord|(.* )y coordinate)$", "y_coordinate"),
    (r"^((.* )?block( location| address)?|hundred block( .*)?|(.* )hundred block)$", "block"),
    (
        r"^((.* )?location (description|type)|premise( type)?|place type|location type)$",
        "premise_type",
    ),
    (
        r"^((.* )?(address|addr|street|location|intersection|cross street|street name)|"
        r"location|loc)$",
        "address",
    ),
    (r"^((police )?(beat|post|zone)|(.* )(beat|post)|beat of occurrence|reporting area)$", "beat"),
    (r"^(community area( number)?|community)$", "community_area"),
    (r"^(neighbou?rhood|(.* )neighbou?rhood|nbhd|hood)( name)?$", "neighborhood"),
    (r"^((.* )?ward)$", "ward"),
    (
        r"^((police )?(district|dist|precinct|sector|division|area|zone district)|police area|"
        r"(.* )(district|precinct|sector)|district (number|no|sector|name)|"
        r"aldermanic district|county|circuit|judicial circuit)$",
        "district",
    ),
    (r"^(zip|zip code|zipcode|postal code|(.* )zip)$", "zip_code"),
    (r"^(city|town|municipality|(.* )city)$", "city"),
    (r"^(state|st abbr|state code|(.* )state)$", "state"),
    (
        r"^(count|counts|calls|number of calls|total|total calls|n|frequency|incidents|sum|"
        r"events|number of events|(.* )count|count of .*|(.* )calls)$",
        "count",
    ),
    (
        r"^(primary type|offen[cs]e|offen[cs]e (type|description|code)|iucr|fbi code|ucr( code)?|"
        r"charge|charges|(.* )?charge (description|code)|statute|offen[cs]e category|"
        r"primary charge|crime type|crime|(.* )charge|(.* )offen[cs]e( title| category)?|"
        r"updated offen[cs]e category|nibrs( code)?)$",
        "offense_type",
    ),
    (
        r"^(type|event type|call type|nature|nature of call|final call type|"
        r"initial (call )?type( description| subgroup| group)?|incident type|event description|"
        r"call description|type description|type code|event code|call nature|call code|"
        r"(.* )call type)$",
        "event_type",
    ),
    (r"^((.* )?(disposition|clearance)( .*)?)$", "disposition"),
    (r"^((.* )?sentence( .*)?|commitment (term|type|unit))$", "sentence"),
]
_COMPILED = [(re.compile(pattern), role) for pattern, role in _WORD_RULES]


def header_words(name: str) -> str:
    """The header as lower-case words: CamelCase, underscores and punctuation split."""
    text = name.replace("#", " no ")
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)  # ArrestDate -> Arrest Date
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)  # CADEvent -> CAD Event
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    text = re.sub(r"\bno\b ?\.?", "no", text)
    return " ".join(text.split())


def role_from_words(words: str) -> str | None:
    """The role a header's words suggest, or None."""
    for pattern, role in _COMPILED:
        if pattern.match(words):
            return role
    return None
