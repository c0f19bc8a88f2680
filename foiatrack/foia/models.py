"""FOIA requests and what surrounds them: jurisdictions, agencies, history, letters, appeals.

Overdue is computed (due date passed, request still open), never stored as a status:
a stored "overdue" drifts out of date the moment a holiday or closure is amended.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from foiatrack.audit.compare import DETAIL_LEVEL_CHOICES, FORMAT_CHOICES
from foiatrack.core.models import Stage
from foiatrack.foia.calendars import CALENDAR_CHOICES
from foiatrack.foia.laws import ROUTE_CHOICES, ROUTE_FOIA
from foiatrack.foia.request_dates import request_date_errors


class Jurisdiction(models.Model):
    """A government whose public-records law and holiday calendar apply to its agencies."""

    class Level(models.TextChoices):
        CITY = "city", "City"
        COUNTY = "county", "County"
        STATE = "state", "State"
        FEDERAL = "federal", "Federal"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    # A key of foiatrack.foia.laws.LAWS, e.g. "il-foia".
    law = models.CharField(max_length=40)
    # Two-letter US state code; empty for the federal government.
    state = models.CharField(max_length=2, blank=True)
    # The justice pipeline crosses levels of government: a Chicago call leads to a Cook
    # County court case and jail booking, then an Illinois prison sentence.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The larger jurisdiction whose agencies also serve this one.",
    )
    # Which office calendar its bodies keep (issue 17); blank: the default for the state
    # and level (State of Illinois offices: the CMS schedule; Illinois local bodies: the
    # Illinois holiday set). Closures and openings are the Closure rows.
    calendar = models.CharField(
        max_length=40,
        blank=True,
        choices=CALENDAR_CHOICES,
        help_text="Office calendar; blank: the usual one for this state and level.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A public body that holds records for one or more pipeline stages."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="agencies"
    )
    stages = models.ManyToManyField(Stage, blank=True, related_name="agencies")
    foia_officer = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    portal_url = models.URLField(blank=True)
    notes = models.TextField(blank=True, help_text="Access routes, quirks, contacts.")
    # Issue 17: a body may keep its own calendar; and what the PDAP directory says of it.
    calendar = models.CharField(
        max_length=40,
        blank=True,
        choices=CALENDAR_CHOICES,
        help_text="Office calendar; blank: its jurisdiction's.",
    )
    homepage_url = models.URLField(max_length=500, blank=True)
    agency_type = models.CharField(max_length=100, blank=True)
    pdap_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        # The directory's pages walk 18,000 agencies in name order, 50 at a time.
        indexes = [models.Index(fields=["name", "id"], name="foia_agency_name")]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A campaign that groups many requests (e.g. 'Cook County jail bookings 2024')."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free label staff put on requests."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    PROCESSING = "processing", "Processing"
    CLARIFICATION = "clarification", "Clarification asked"
    FEE_DUE = "fee_due", "Fee due"
    EXTENDED = "extended", "Extended"
    FULFILLED = "fulfilled", "Fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Partially fulfilled"
    NO_RECORDS = "no_records", "No responsive records"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    APPEAL = "appeal", "Under appeal"
    APPEAL_DECIDED = "appeal_decided", "Appeal decided"
    # Issue 17: installments, the agency closing unanswered, and what follows an appeal.
    INSTALLMENT = "installment", "Part released, more to come"
    AGENCY_CLOSED = "agency_closed", "Closed by the agency unanswered"
    FURTHER_REVIEW = "further_review", "Further review"
    LITIGATION = "litigation", "In litigation"
    CLOSED = "closed", "Closed"


class FoiaRequest(models.Model):
    """One public-records request sent to one agency, owned by one staff member."""

    title = models.CharField(max_length=300)
    records_requested = models.TextField(help_text="The records asked for, as in the letter.")
    stages = models.ManyToManyField(Stage, blank=True, related_name="foia_requests")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="foia_requests",
        help_text="The staff member who owns this request.",
    )
    tracking_number = models.CharField(max_length=100, blank=True)
    # The structured ask (issue 9): catalogue field codes (audit.field_catalogue), free
    # text for anything else, PDAP's detail level and the format wanted.
    fields_wanted = models.JSONField(default=list, blank=True)
    fields_wanted_other = models.TextField(blank=True)
    detail_level_wanted = models.CharField(max_length=30, choices=DETAIL_LEVEL_CHOICES, blank=True)
    format_wanted = models.CharField(max_length=20, choices=FORMAT_CHOICES, blank=True)
    # Fields the agency says it does not keep ("not collected", never read as withheld).
    fields_not_held = models.JSONField(default=list, blank=True)
    access_route = models.CharField(max_length=20, choices=ROUTE_CHOICES, default=ROUTE_FOIA)
    date_received = models.DateField(
        null=True, blank=True, help_text="The day the agency received the request."
    )
    date_acknowledged = models.DateField(null=True, blank=True)
    date_due = models.DateField(null=True, blank=True)
    date_closed = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.DRAFT)
    extension_taken = models.BooleanField(default=False)
    # Issue 17: a later date agreed in writing (5 ILCS 140/3(e); 5 U.S.C. 552(a)(6)(B)(ii)),
    # the agency's own estimate of completion and the day it gave it (RCW 42.56.520(1)(c)).
    agreed_due = models.DateField(null=True, blank=True)
    estimated_completion = models.DateField(null=True, blank=True)
    estimate_given_on = models.DateField(null=True, blank=True)
    fee_waiver_requested = models.BooleanField(default=False)
    fee_waiver_decision = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("granted", "Granted"),
            ("partially_granted", "Partially granted"),
            ("denied", "Denied"),
        ],
    )
    fee_waiver_decided_on = models.DateField(null=True, blank=True)
    commercial = models.BooleanField(default=False)
    recurrent = models.BooleanField(default=False)
    fees_quoted = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fees_paid = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="requests")
    projects = models.ManyToManyField(Project, blank=True, related_name="requests")
    is_public = models.BooleanField(default=False)
    embargo_until = models.DateField(null=True, blank=True)
    private_notes = models.TextField(blank=True)
    # The reminder task e-mails once per (status, due date): it records what it told.
    overdue_notified_status = models.CharField(max_length=24, blank=True)
    overdue_notified_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Indexed: its maximum is the version of cached public answers (selectors.public_version).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "date_due"]),
            # The staff list's order (a page of 100,000 without sorting them all) and the
            # dashboard's "recently answered".
            models.Index(fields=["-created_at", "-id"], name="foia_request_newest"),
            models.Index(fields=["status", "date_closed"], name="foia_request_closed"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Dates that cannot be right (foia.request_dates), wherever they come in: the
        staff form, the API (through that form) and the admin."""
        errors = request_date_errors(
            date_received=self.date_received,
            period_start=self.period_start,
            period_end=self.period_end,
            today=timezone.localdate(),
        )
        if errors:
            raise ValidationError(errors)


class StatusChange(models.Model):
    """One step of a request's lifecycle. Append-only: services never edit or delete these."""

    request = models.ForeignKey(
        FoiaRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_at = models.DateTimeField(default=timezone.now)
    # The day the change took effect (for the deadline clock); usually today.
    effective_date = models.DateField(default=timezone.localdate)
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


def communication_upload_to(instance, filename: str) -> str:
    return f"foia/communications/{instance.request_id}/{filename}"


class Communication(models.Model):
    """A letter, e-mail, call or portal message to or from the agency."""

    class Direction(models.TextChoices):
        OUTGOING = "out", "Sent to agency"
        INCOMING = "in", "Received from agency"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        PORTAL = "portal", "Portal"
        MAIL = "mail", "Postal mail"
        PHONE = "phone", "Phone"
        FAX = "fax", "Fax"
        IN_PERSON = "in_person", "In person"

    request = models.ForeignKey(
        FoiaRequest, on_delete=models.CASCADE, related_name="communications"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    date = models.DateField(default=timezone.localdate)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    attachment = models.FileField(upload_to=communication_upload_to, blank=True)
    # Shown on the request's public page (only if the request itself is public).
    is_public = models.BooleanField(
        default=False, help_text="Show this message on the request's public page."
    )
    # E-mail (foiatrack.mail): the message's Message-ID, the one it answers, and whether it
    # came from the agency's own address (mail from anyone else is shown as unverified).
    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    verified = models.BooleanField(default=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="foia_communication_message_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.get_direction_display()} {self.date}"


class Appeal(models.Model):
    """A request for review of a denial (e.g. to the Illinois Public Access Counselor)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        GRANTED = "granted", "Granted"
        PARTIALLY_GRANTED = "partially_granted", "Partially granted"
        DENIED = "denied", "Denied"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Stage(models.TextChoices):
        APPEAL = "appeal", "Appeal or request for review"
        FURTHER_REVIEW = "further_review", "Further review"
        LITIGATION = "litigation", "Lawsuit"

    request = models.ForeignKey(FoiaRequest, on_delete=models.CASCADE, related_name="appeals")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPEAL)
    filed_with = models.CharField(max_length=200)
    filed_on = models.DateField()
    date_due = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"Appeal to {self.filed_with} ({self.filed_on})"


class Closure(models.Model):
    """A day a jurisdiction's or one agency's offices are closed beyond the holiday set."""

    date = models.DateField()
    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    reason = models.CharField(max_length=200)
    # Ticked: the office is open that day although the holiday set says it is closed.
    is_open = models.BooleanField(
        default=False, help_text="Open this day despite a public holiday (overrides the set)."
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jurisdiction__isnull=False) | models.Q(agency__isnull=False),
                name="foia_closure_has_jurisdiction_or_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class AccessRoute(models.Model):
    """How an agency's records of one stage are obtained: not everything is under FOIA."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="access_routes")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="access_routes")
    route = models.CharField(max_length=20, choices=ROUTE_CHOICES, default=ROUTE_FOIA)
    portal_url = models.URLField(blank=True, help_text="Where the records are published, if so.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["agency__name", "stage__position"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "stage"], name="foia_access_route_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} / {self.stage}: {self.get_route_display()}"


class TrackingNumber(models.Model):
    """One of the agency's reference numbers for a request (agencies split requests), each
    with its own status."""

    request = models.ForeignKey(
        FoiaRequest, on_delete=models.CASCADE, related_name="tracking_numbers"
    )
    number = models.CharField(max_length=100)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SUBMITTED)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "number"], name="foia_tracking_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Exemption(models.Model):
    """An exemption the agency cited to withhold (all or some fields of) a request."""

    request = models.ForeignKey(FoiaRequest, on_delete=models.CASCADE, related_name="exemptions")
    section = models.CharField(max_length=100, help_text="e.g. 5 ILCS 140/7(1)(c)")
    text = models.TextField(help_text="The words of the section, or the agency's quotation of it.")
    # Catalogue field codes withheld; empty: the exemption covers the request as a whole.
    fields = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.section
