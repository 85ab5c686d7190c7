"""When the program was switched off, and which orders changed meanwhile.

Saleor calls no loyalty hook while the plugin is inactive, so what orders go through
during a pause (refunds, cancellations, fulfilments, payments) is unknown to the ledger
and the statistics. A pause keeps the host's mark of when it started; once the program
is on again, `order_events` re-syncs every order changed after the mark, once.
"""
from datetime import datetime, timedelta
from typing import Optional

from django.db import connection, transaction

from saleor_loyalty.core.models import ProgramPause
from saleor_loyalty.host import orders as host_orders

# Orders changed this long before a pause starts are re-synced too: a request whose
# hook reads the plugin's configuration after the pause began may have changed its
# order a moment before (re-syncing an order is idempotent).
CHANGES_MARGIN = timedelta(minutes=10)
# A pause made outside the dashboard (no pluginUpdate) is noticed by the hourly release
# job: it may have begun that much earlier.
NOTICED_LATE = timedelta(hours=1)
_LOCK_ID = 0x4C59_5041  # "LYPA": one writer of pauses at a time


def program_seen(active: bool, now: datetime, noticed_by_job: bool = False
                 ) -> Optional[ProgramPause]:
    """Record whether the program is on: switched off, a pause starts (unless one is
    open); switched on, the open pause ends and is returned. One query when nothing
    changed."""
    open_pause = ProgramPause.objects.filter(resumed_at=None).only("pk").first()
    if active == (open_pause is None):
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        open_pause = ProgramPause.objects.filter(resumed_at=None).first()
        if active and open_pause is not None:
            open_pause.resumed_at = now
            open_pause.save(update_fields=["resumed_at"])
            return open_pause
        if not active and open_pause is None:
            since = now - CHANGES_MARGIN - (NOTICED_LATE if noticed_by_job else timedelta(0))
            ProgramPause.objects.create(
                paused_at=now, orders_mark=host_orders.order_change_mark(since)
            )
    return None


def pending_reconciliation() -> Optional[ProgramPause]:
    """The first pause that ended and whose orders are not all re-synced yet."""
    return ProgramPause.objects.filter(resumed_at__isnull=False, reconciled_at=None).first()


def lock_pending_reconciliation() -> Optional[ProgramPause]:
    """The same, locked for this transaction (a second worker waits, then goes on from
    where this one stopped)."""
    return (
        ProgramPause.objects.select_for_update()
        .filter(resumed_at__isnull=False, reconciled_at=None)
        .first()
    )


def record_progress(pause: ProgramPause, done_through: Optional[str], finished: bool,
                    now: datetime):
    """Orders are re-synced in order of their key, up to `done_through` so far."""
    if done_through is not None:
        pause.reconciled_through = done_through
    if finished:
        pause.reconciled_at = now
    pause.save(update_fields=["reconciled_through", "reconciled_at"])
