"""A request's `updated_at` moves whenever anything filed on it changes.

Public answers are cached under foia.selectors.public_version(), which reads the latest
`updated_at`: so a message logged, an appeal decided or an exemption recorded (through a
service or the admin) must touch its request, or public scorecards would lag the change.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from foiatrack.foia.models import Appeal, Communication, Exemption, FoiaRequest, TrackingNumber

FILED_ON_A_REQUEST = (Appeal, Communication, Exemption, TrackingNumber)


def touch_request(sender, instance, raw=False, **kwargs) -> None:
    """A post_save/post_delete receiver for models with a `request` foreign key."""
    if raw or instance.request_id is None:  # loaddata brings its own timestamps
        return
    FoiaRequest.objects.filter(id=instance.request_id).update(updated_at=timezone.now())


def connect() -> None:
    for model in FILED_ON_A_REQUEST:
        for signal in (post_save, post_delete):
            uid = f"foia-touch-{model.__name__}"
            signal.connect(touch_request, sender=model, dispatch_uid=uid)
