"""Which tier a member holds: upgrades as soon as they qualify, downgrades at the
periodic review after a grace period, and paid tiers held to their end date.

A member qualifies for the highest-ranked tier whose threshold they reach on that
tier's own measure: lifetime points, spend in the last 12 months, or orders in the
last 12 months (measures.py); for a percentile tier, who also ranks within its share as
the last review set it (shares.py, which each review runs first). A paid tier that has not ended counts as qualified. Each decision is
one set-based statement over the members concerned, who must be locked first: hooks lock
their member before deciding, and the review locks every member it will move, in id
order (as Saleor's lock_objects do), then decides again on what it sees once they are
locked. So the review never deadlocks with a job locking members in id order, and never
moves a member on a state a hook changed while the review waited.

Spend is in the program's base currency: orders in another currency count at the rate
of its currency rule (core.currencies), orders in a currency without a rule not at all
(they still count as orders).
"""
from datetime import datetime, timedelta
from typing import Iterable, List, Optional

from django.db import connection, transaction

from saleor_loyalty.core.program import Program
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import ledger
from saleor_loyalty.points.models import TransactionKind
from saleor_loyalty.tiers import measures, shares

UPGRADES_ONLY = "upgrades"
REVIEW = "review"
REVOKE = "revoke"  # a refunded paid tier ends now, without a grace period
# Only one review at a time, whatever the number of workers.
REVIEW_LOCK_ID = 0x10A1_7E51
REVIEW_WORK_MEM = "256MB"

_DECISIONS_SQL = ("""
WITH {measures},
candidates AS (
    SELECT ms.member_id, t.id AS tier_id, t.rank
    FROM measures ms JOIN {tier} t ON
        {measure} >= t.threshold
        -- a percentile tier: within the share where the last review ended it
        AND (t.top_percent IS NULL
             OR {share_measure} > t.share_cutoff
             OR ({share_measure} = t.share_cutoff AND ms.member_id <= t.share_cutoff_member))
    UNION ALL
    SELECT ms.member_id, t.id, t.rank
    FROM measures ms JOIN {tier} t ON t.id = ms.paid_tier_id
),
targets AS (
    SELECT DISTINCT ON (member_id) member_id, tier_id, rank
    FROM candidates ORDER BY member_id, rank DESC
),
decisions AS (
    SELECT ms.member_id, ms.tier_id AS from_tier_id, tg.tier_id AS to_tier_id,
           CASE
             WHEN tg.tier_id IS NULL THEN NULL
             WHEN ms.tier_id IS NULL OR tg.rank > cur.rank THEN 'up'
             WHEN tg.rank = cur.rank THEN
                  CASE WHEN ms.below_tier_since IS NOT NULL THEN 'qualifies' END
             WHEN %(mode)s = 'revoke' THEN 'down'
             WHEN %(mode)s <> 'review' THEN NULL
             WHEN ms.below_tier_since IS NULL THEN 'below'
             WHEN ms.below_tier_since <= %(grace_ends)s THEN 'down'
           END AS action,
           CASE
             WHEN tg.tier_id = ms.paid_tier_id THEN 'paid'
             WHEN %(mode)s = 'revoke' THEN 'paid_revoked'
           END AS special
    FROM measures ms
    LEFT JOIN targets tg ON tg.member_id = ms.member_id
    LEFT JOIN {tier} cur ON cur.id = ms.tier_id
)
""".replace("{measure}", measures.measure("t"))
                  .replace("{share_measure}", measures.share_measure("t")))
_LOCK_SQL = _DECISIONS_SQL + """
SELECT id FROM {member}
WHERE id IN (SELECT member_id FROM decisions WHERE action IS NOT NULL)
ORDER BY id FOR UPDATE
"""
_DECIDE_SQL = _DECISIONS_SQL + """,
changed AS (
    UPDATE {member} m SET
        tier_id = CASE WHEN d.action IN ('up', 'down') THEN d.to_tier_id ELSE m.tier_id END,
        tier_since = CASE WHEN d.action IN ('up', 'down') THEN %(now)s ELSE m.tier_since END,
        below_tier_since = CASE WHEN d.action = 'below' THEN %(now)s END
    FROM decisions d
    WHERE m.id = d.member_id AND d.action IS NOT NULL
    RETURNING m.id, d.from_tier_id, d.to_tier_id, d.action,
              CASE d.action WHEN 'up' THEN COALESCE(d.special, 'upgrade')
                            WHEN 'down' THEN COALESCE(d.special, 'downgrade') END AS reason
),
recorded AS (
    INSERT INTO {change} (member_id, from_tier_id, to_tier_id, reason, created_at)
    SELECT id, from_tier_id, to_tier_id, reason, %(now)s FROM changed
    WHERE action IN ('up', 'down')
    RETURNING member_id, reason
)
SELECT member_id FROM recorded WHERE reason IN ('upgrade', 'paid')
"""


def _run(template: str, mode: str, program: Program, now: datetime,
         member_ids: Optional[List[int]], measured: bool = False) -> List[int]:
    """One statement of the tier decision over `member_ids` (None: every member; with
    `measured`, on the measures `measures.measure_everyone` computed)."""
    params = {
        **measures.params(program, now, member_ids),
        "grace_ends": now - timedelta(days=program.tier_downgrade_grace_days),
        "mode": mode,
    }
    with connection.cursor() as cursor:
        cursor.execute(measures.statement(template, member_ids, measured=measured), params)
        return [row[0] for row in cursor.fetchall()]


def _decide(mode: str, program: Program, now: datetime, member_ids: List[int]) -> List[int]:
    """Run the tier decision for members locked by the caller; returns the upgraded ones."""
    upgraded = _run(_DECIDE_SQL, mode, program, now, member_ids)
    if program.reset_points_on_upgrade:
        _reset_balances(upgraded, now)
    return upgraded


def _reset_balances(member_ids: Iterable[int], now: datetime):
    for member_id in sorted(member_ids):
        member = ledger.lock_member(member_id)
        if member.points_balance > 0:
            ledger.debit(
                member, key=f"reset:{member_id}:{member.tier_id}:{now.isoformat()}",
                kind=TransactionKind.RESET, points=member.points_balance, now=now,
                reason=f"Points reset on reaching {member.tier.name}",
            )


def apply_upgrades(member_ids: List[int], program: Program, now: datetime) -> List[int]:
    """Move members up at once when they qualify for a better tier (never down).

    Call in the transaction that changed what they qualify on, with them locked.
    """
    if not member_ids:
        return []
    return _decide(UPGRADES_ONLY, program, now, member_ids)


def revoke_paid_tier(member_id: int, program: Program, now: datetime):
    """Move a member whose paid tier was refunded to what they qualify for, at once."""
    _decide(REVOKE, program, now, [member_id])


def review_tiers(program: Program, now: datetime) -> Optional[List[int]]:
    """The periodic review of every member: upgrades, grace periods, downgrades.

    Returns the upgraded members, or None when another review is running.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REVIEW_LOCK_ID])
            if not cursor.fetchone()[0]:
                return None
            # Sorts and hash tables over every member stay in memory, and no JIT
            # compilation, which costs more than it saves here (BENCHMARKS.md).
            cursor.execute("SELECT set_config('work_mem', %s, true), "
                           "set_config('jit', 'off', true)",
                           [REVIEW_WORK_MEM])
            # Measured once, the percentile tiers locked first, for their cutoffs and
            # for finding whom to lock.
            percentile = shares.lock_percentile_tiers(cursor, now)
            measures.measure_everyone(cursor, program, now)
            shares.set_cutoffs(cursor, program, now, percentile, measured=True)
            # Lock whom the review would move, then decide on what they hold once locked.
            due = _run(_LOCK_SQL, REVIEW, program, now, None, measured=True)
            measures.forget_measures(cursor)
        return _decide(REVIEW, program, now, due) if due else []


def review_members(program: Program, now: datetime, first: int, last: int) -> List[int]:
    """The periodic review of the members with ids `first` to `last` (one chunk of a
    parallel review, in the caller's transaction); returns the upgraded members. The
    run's first chunk sets the percentile tiers' cutoffs, as of the run's `now`."""
    shares.review_shares(program, now, reviewed_already=True)
    member_ids = list(Member.objects.filter(pk__range=(first, last)).values_list("pk", flat=True))
    due = _run(_LOCK_SQL, REVIEW, program, now, member_ids) if member_ids else []
    return _decide(REVIEW, program, now, due) if due else []
