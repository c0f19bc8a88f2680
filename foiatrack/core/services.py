from foiatrack.core.models import Stage
from foiatrack.stages import STAGE_CHOICES


def stages_ensure() -> list[Stage]:
    """Create any missing pipeline stage rows (after a flush, say) and return all in order."""
    for position, (code, name) in enumerate(STAGE_CHOICES, start=1):
        Stage.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    return list(Stage.objects.all())
