from django.db import models

from foiatrack.stages import STAGE_CHOICES


class Stage(models.Model):
    """A stage of the justice pipeline (call → report → arrest → … → sentence).

    Rows are created by a migration from foiatrack.stages and never edited by hand;
    agencies, requests, received files and coverage cells point at them.
    """

    code = models.CharField(max_length=20, unique=True, choices=STAGE_CHOICES)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name
