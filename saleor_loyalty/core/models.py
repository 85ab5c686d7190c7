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


class JobRun(models.Model):
    """A run of a long job split into chunks of members (core/chunks.py): one per job and
    run key (the hour or day it is for), so a run is planned once."""

    job = models.CharField(max_length=32)
    run_key = models.CharField(max_length=64)
    planned_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "run_key"], name="loyalty_job_run_once")]
        ordering = ("pk",)

    def __str__(self):
        return f"{self.job} {self.run_key}"


class JobChunk(models.Model):
    """Members `first_member_id`..`last_member_id` of a run, done once by one worker."""

    run = models.ForeignKey(JobRun, related_name="chunks", on_delete=models.CASCADE)
    first_member_id = models.IntegerField()
    last_member_id = models.IntegerField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "first_member_id"],
                                               name="loyalty_job_chunk_once")]
        ordering = ("run", "first_member_id")
