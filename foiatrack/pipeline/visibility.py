"""Rebuild the stored figures when a request's visibility changes.

The funnel (and every stored aggregate) counts only datasets of requests the public may
see, as of the last rebuild. A request made private, embargoed or put back to draft must
leave those figures at once, not at the daily rebuild: so a save that changes what
foia's public_requests() would show queues a rebuild after the commit. (An embargo that
simply runs out is the safe direction: its data appears at the next rebuild.)
"""

from django.db.models.signals import post_init, post_save

from foiatrack.foia.models import FoiaRequest, Status
from foiatrack.pipeline.coverage.rebuild import coverage_recompute_enqueue_on_commit

FIELDS = ("is_public", "embargo_until", "status")


def _visibility(request: FoiaRequest) -> tuple | None:
    """What decides visibility, read from the loaded values only: touching a deferred field
    (a queryset's .only()) would load it, and loading runs post_init again. None: unknown."""
    loaded = request.__dict__
    if any(name not in loaded for name in FIELDS):
        return None
    return (loaded["is_public"], loaded["embargo_until"], loaded["status"] == Status.DRAFT)


def _remember(sender, instance: FoiaRequest, **kwargs) -> None:
    instance._visibility_loaded = _visibility(instance)


def _rebuild_if_changed(sender, instance: FoiaRequest, created: bool, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_visibility_loaded", None)
    now = _visibility(instance)
    # Unknown before (loaded without these fields): rebuild to be safe; rebuilds coalesce.
    if not created and (before is None or before != now):
        coverage_recompute_enqueue_on_commit()
    instance._visibility_loaded = now


def connect() -> None:
    post_init.connect(_remember, sender=FoiaRequest, dispatch_uid="pipeline-visibility-init")
    post_save.connect(
        _rebuild_if_changed, sender=FoiaRequest, dispatch_uid="pipeline-visibility-save"
    )
