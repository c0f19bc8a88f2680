"""Roles from header names, read as words whatever the export's style.

Agencies write the same header many ways: `ArrestNumber` (Open Baltimore, CamelCase),
`case_number` (Socrata, lower snake case), `CB_NO`, `RD #`, `Event#`, `General Offense
Number`, `Zone/Beat`. A header is first cut into lower-case words (CamelCase, underscores,
punctuation, `#` read as "no"), then matched against rules written over words, so a rule
names a vocabulary of words, never one spelling.
"""

import re

_NUMBER = r"(no|num|nbr|nr|number|id|key|code no)"
_TIME = r"(time|date|datetime|date time|timestamp|dt|tm|dttm)"
_VICTIM = r"(victim|victims|complainant|comp|vic|reporting party)"
_OFFICER = (
    r"(officer|officers|ofc|po|police officer|member|employee|arresting officer|"
    r"responding officer|reporting officer)"
)
_PEOPLE_COUNT = r"(number|no|num|count|total|qty)"
# The catalogue's richer fields (issue 22): whose demographics, a call's life, court and
# custody. They come before the general rules, which would take "Victim Race" for a race.
_CATALOGUE_RULES: list[tuple[str, str]] = [
    (rf"^{_VICTIM}( \w+)? (race|ethnicity)( .*)?$", "victim_race"),
    (rf"^{_VICTIM}( \w+)? (sex|gender)$", "victim_sex"),
    (rf"^{_VICTIM}( \w+)? age( .*)?$", "victim_age"),
    (rf"^{_OFFICER}( \w+)? (race|ethnicity)( .*)?$", "officer_race"),
    (rf"^{_OFFICER}( \w+)? (sex|gender)$", "officer_sex"),
    (rf"^{_OFFICER}( \w+)? age( .*)?$", "officer_age"),
    (
        rf"^({_PEOPLE_COUNT} (of )?(victims|complainants)|"
        r"(victim|victims|complainant|complainants) (count|total|qty))$",
        "victim_count",
    ),
    (
        rf"^({_PEOPLE_COUNT} (of )?(offenders|suspects|arrestees)|(offender|offenders|suspect|"
        r"suspects) (count|total|qty))$",
        "offender_count",
    ),
    (
        rf"^({_PEOPLE_COUNT} (of )?witnesses|(witness|witnesses) (count|total|qty))$",
        "witness_count",
    ),
    (r"^(.* )?age (range|group|band|bracket|category|cat|grp)$", "age_range"),
    (
        r"^(?!race )((.* )?ethnicity|ethnic( group| origin| code)?|"
        r"hispanic( origin| latino| flag)?)$",
        "ethnicity",
    ),
    (r"^(idoc|doc|inmate|offender|prisoner)( no| number| id)$|^(idoc|doc) ?no$", "inmate_number"),
    (r"^mittimus( no| number)?$", "case_number"),
    # A call's life: received (a timestamp), dispatched, arrived, cleared; response time.
    (
        r"^(.* )?response (time|minutes|mins|seconds|secs|duration)( .*)?$|"
        r"^time to (arrive|respond)$",
        "response_time",
    ),
    (rf"^(?=.*\b(dispatch|dispatched|disp)\b)(?=.*\b{_TIME}\b).*$", "dispatch_time"),
    (
        rf"^(?=.*\b(arrive|arrived|arrival|on scene|onscene|at scene)\b)(?=.*\b{_TIME}\b).*$",
        "arrival_time",
    ),
    (rf"^(?=.*\b(clear|cleared|clearance|closed)\b)(?=.*\b{_TIME}\b).*$", "clear_time"),
    (rf"^{_TIME} (received|entered|created|reported|opened)$", "timestamp"),
    (r"^(call |event |incident )?(priority|pri|prio)( code| level| no)?$", "priority"),
    (
        r"^(call source|source( of call)?|call origin|how received|received (via|by|method)|"
        r"call method)$",
        "call_source",
    ),
    (
        r"^(anonymous|anon)( caller| call| flag| complainant)?$|^caller anonymous$",
        "anonymous_caller",
    ),
    (
        r"^(fire|ems|fire ems|fire and ems)( responding| response| dispatched| involved| flag)$",
        "fire_responding",
    ),
    (r"^(action|actions|action taken|actions taken|unit actions?)$", "action_taken"),
    (r"^(remarks?|narrative|comments?|call remarks|(.* )remarks)$", "remarks"),
    (r"^(cross street|cross st|xstreet|cross streets|location remarks)$", "cross_street"),
    (r"^(service beat|beat of service|servicing beat|responding beat|unit beat)$", "service_beat"),
    (
        r"^(primary|responding|assigned|dispatched|first|arresting|reporting)? ?(unit|units)"
        r"( id| no| number| assigned| assignment)?$|^((officer|unit) )?assignment$|"
        r"^(law enforcement|arresting) unit$",
        "unit",
    ),
    (
        r"^(officer|officer name|officer id|officer no|star( no)?|badge( no)?|arresting officer|"
        r"reporting officer|primary officer|officer (badge|star)( no)?)$",
        "officer",
    ),
    # What happened on the report.
    (r"^(fbi( code| cd)?|ucr( code)?|nibrs( code)?)$", "fbi_code"),
    (r"^(arrest|arrest made|arrested|arrest flag|arrest yn|arrest ind(icator)?)$", "arrest_made"),
    (r"^(domestic|domestic (violence|related|flag|ind(icator)?|yn)|dv( flag)?)$", "domestic"),
    (r"^((.* )?weapons?( .*)?|armed)$", "weapon"),
    (r"^((.* )?injur(y|ies|ed)( .*)?)$", "injury"),
    # Charges and court.
    (
        r"^((.* )?charge (seq|sequence|line|order|position)( no| number)?|charge (count|no|number)"
        r"|count (no|number))$",
        "charge_sequence",
    ),
    (r"^((number|no|num|total) of counts|offen[cs]e count|counts)$", "charge_count"),
    (
        r"^((.* )?(charge|charged|offen[cs]e|felony|crime) class( .*)?|class|class of (offen[cs]e|"
        r"charge)|felony class)$",
        "charge_class",
    ),
    (r"^(initial|original|arrest|booking) (charge|offen[cs]e)( .*)?$", "initial_charge"),
    (r"^(amended|updated|final|current) (charge|offen[cs]e)( .*)?$", "amended_charge"),
    (
        r"^((.* )?(charge|charged offen[cs]e|offen[cs]e charge)s? (description|desc|title|text)|"
        r"charge)$",
        "charge_description",
    ),
    (r"^((.* )?charge (code|statute|cd)|statute( code)?|ilcs( code)?)$", "charge_code"),
    (r"^(.* )?(clearance|disposition) (code|cd)$", "clearance_code"),
    (rf"^(.* )?disposition {_TIME}$", "disposition_date"),
    (r"^(.* )?(appearance|court|hearing)( date| dt)$", "appearance_date"),
    (r"^((case|current|court|custody case) status)( .*)?$", "case_status"),
    (
        r"^(arresting agency|arrest agency|law enforcement agency|arresting (department|dept))$",
        "arresting_agency",
    ),
    (r"^((.* )?judge( name| id| no)?)$", "judge"),
    (r"^((.* )?bond( .*)?|bail( .*)?)$", "bond"),
    (r"^(min|minimum) (sentence|term)( .*)?$|^sentence (min|minimum)$", "sentence_minimum"),
    (r"^(max|maximum) (sentence|term)( .*)?$|^sentence (max|maximum)$", "sentence_maximum"),
    (r"^(fine|fines|fine (amount|amt)|(.* )fine( amount)?)$", "fine"),
    # Jail and prison.
    (
        r"^(custody status|custody|status in custody|(inmate|detainee|pretrial|legal) status)$",
        "custody_status",
    ),
    (r"^(prisoner|inmate|detainee|offender) (type|category)$", "prisoner_type"),
    (
        r"^((custody|security|classification) level|security (classification|class))$",
        "custody_level",
    ),
    (r"^((.* )?housing( .*)?|cell( block)?|tier)$", "housing"),
    (r"^(committing|commitment|sentencing|holding) county( .*)?$", "county"),
    (
        r"^(current |last )?(admission|admit|admitted|intake|custody)( date| dt)$|"
        r"^date (of )?admission$",
        "admission_date",
    ),
    (
        r"^((projected|proj|expected|estimated|tentative) )?"
        r"(release|mandatory supervised release( msr)?|msr)( date| dt)$",
        "release_date",
    ),
    (r"^parole( eligibility| board)?( date| dt)$", "parole_date"),
    (r"^(projected |max(imum)? )?discharge(d)?( date| dt)$", "discharge_date"),
]
# First match wins, so specific names come before general ones ("date of birth" before "date").
_WORD_RULES: list[tuple[str, str]] = [
    (r"^(dob|date of birth|birth ?date|birth (dt|day)|birthday|(.* )birth date)$", "date_of_birth"),
    (
        r"^((first|last|middle|full|given|sur|defendant|inmate|arrestee|offender|subject|person|"
        r"victim|suspect)( ?name)?|name|surname|(first|last|given|family) name .*)$",
        "person_name",
    ),
    *_CATALOGUE_RULES,
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
