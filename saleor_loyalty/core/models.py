from django.db import models


class ProgramPause(models.Model):
    """A time the program was switched off (core/pauses.py).

    Saleor calls no loyalty hook while the plugin is inactive. `orders_mark` is the
    host's mark of when orders started changing unseen (host orders'
    `order_change_mark`); once the program is on again, every order changed after it is
    re-synced once, in order of its key: `reconciled_through` is the last key done and
    `reconciled_at` when the last one was.
    """

    paused_at = models.DateTimeField()
    orders_mark = models.CharField(max_length=64)
    resumed_at = models.DateTimeField(null=True, blank=True)
    reconciled_through = models.CharField(max_length=64, blank=True, default="")
    reconciled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return f"Program paused {self.paused_at:%Y-%m-%d %H:%M}"
