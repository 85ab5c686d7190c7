"""Percentile tiers: where each tier's share of members ends, set at every review.

A percentile tier (`Tier.top_percent`) holds the top `top_percent` % of the members
ranked by its measure (measures.py, rounded to the cutoff's 3 decimals), highest first,
ties by member id ascending, who also reach its `threshold`. At the start of a review one
statement ranks every member (erased members never) on each measure a percentile tier
uses, and stores per tier the measure and member id of the member at position
ceil(N × top_percent / 100) of N (`share_cutoff`, `share_cutoff_member`; both null when
that is nobody) and the review's time (`share_reviewed_at`): per tier a bounded sort
keeps the top `position` members while reading them once, instead of numbering every
member. The tier decision (qualification.py) then counts a member inside the share when
they rank at or above that member: measure above the cutoff, or equal to it with an id
not above its member's. Hooks between reviews compare with the same stored cutoff, so a
member who climbs past it moves up at once; the share itself is recomputed at the next
review. A tier whose cutoff is null (never reviewed, or `top_percent` just changed)
takes nobody by share.
"""
from datetime import datetime
from typing import List, Tuple

from django.db import connection

from saleor_loyalty.core.program import Program
from saleor_loyalty.tiers import measures
from saleor_loyalty.tiers.models import Tier

_LOCK_SQL = """
SELECT id, qualification FROM {tier}
WHERE top_percent IS NOT NULL {unless_reviewed}
ORDER BY rank FOR UPDATE
"""

_CUTOFFS_SQL = ("""
WITH {measures},
counted AS (SELECT COUNT(*) AS members FROM measures),
positions AS (
    SELECT t.id, t.qualification, CEIL(c.members * t.top_percent / 100) AS position
    FROM {tier} t CROSS JOIN counted c
    WHERE t.id = ANY(%(tiers)s)
),
cutoffs AS (
    SELECT p.id, r.measure, r.member_id
    FROM positions p LEFT JOIN LATERAL (
        SELECT v.measure, ms.member_id
        FROM measures ms CROSS JOIN LATERAL (SELECT {share_measure} AS measure) v
        WHERE p.position >= 1
        ORDER BY v.measure DESC, ms.member_id
        OFFSET GREATEST(p.position - 1, 0) LIMIT 1
    ) r ON true
)
UPDATE {tier} t
SET share_cutoff = c.measure, share_cutoff_member = c.member_id, share_reviewed_at = %(now)s
FROM cutoffs c WHERE t.id = c.id
RETURNING t.id
""".replace("{share_measure}", measures.share_measure("p", "p.qualification")))


def lock_percentile_tiers(cursor, now: datetime, reviewed_already: bool = False
                          ) -> List[Tuple[int, str]]:
    """Lock the percentile tiers (in rank order, as staff edits lock tiers) before anything
    reads them for a ranking: a concurrent change of their share or measure is either seen
    or waits for the caller's transaction; (id, qualification) of each. With
    `reviewed_already`, tiers whose cutoff is already as of `now` are left out."""
    unless = "AND share_reviewed_at IS DISTINCT FROM %(now)s" if reviewed_already else ""
    cursor.execute(_LOCK_SQL.format(tier=Tier._meta.db_table, unless_reviewed=unless),
                   {"now": now})
    return cursor.fetchall()


def set_cutoffs(cursor, program: Program, now: datetime, tiers: List[Tuple[int, str]],
                measured: bool = False) -> List[int]:
    """Set the cutoff of the locked percentile `tiers` over every member, as of `now`;
    returns their ids. `measured`: on the measures `measures.measure_everyone` computed."""
    if not tiers:
        return []
    needs_orders = any(q in measures.ORDER_MEASURES for _, q in tiers)
    params = {**measures.params(program, now, None), "tiers": [pk for pk, _ in tiers]}
    cursor.execute(
        measures.statement(_CUTOFFS_SQL, None, orders=needs_orders, measured=measured), params)
    return [row[0] for row in cursor.fetchall()]


def review_shares(program: Program, now: datetime, reviewed_already: bool = False) -> List[int]:
    """Set the cutoff of every percentile tier over every member, as of `now`, in the
    caller's transaction; returns those tiers' ids. With `reviewed_already`, tiers whose
    cutoff is already as of `now` are kept (a chunk of a parallel review: the first chunk
    sets them for the whole run, the others wait for it and find them set)."""
    with connection.cursor() as cursor:
        tiers = lock_percentile_tiers(cursor, now, reviewed_already)
        return set_cutoffs(cursor, program, now, tiers)
