"""Percentile tiers: where each tier's share of members ends, set at every review.

A percentile tier (`Tier.top_percent`) holds the top `top_percent` % of the members
ranked by its measure (measures.py, rounded to the cutoff's 3 decimals), highest first,
ties by member id ascending, who also reach its `threshold`. At the start of a review one
statement ranks every member (erased members never) on each measure a percentile tier
uses, and stores per tier the measure and member id of the member at position
ceil(N × top_percent / 100) of N (`share_cutoff`, `share_cutoff_member`; both null when
that is nobody) and the review's time (`share_reviewed_at`). The tier decision
(qualification.py) then counts a member inside the share when they rank at or above
that member: measure above the cutoff, or equal to it with an id not above its member's.
Hooks between reviews compare with the same stored cutoff, so a member who climbs past
it moves up at once; the share itself is recomputed at the next review. A tier whose
cutoff is null (never reviewed, or `top_percent` just changed) takes nobody by share.
"""
from datetime import datetime
from typing import List

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
ranked AS (
    SELECT w.qualification, ms.member_id, v.measure,
           ROW_NUMBER() OVER (PARTITION BY w.qualification
                              ORDER BY v.measure DESC, ms.member_id) AS position
    FROM unnest(%(qualifications)s::text[]) AS w (qualification)
    CROSS JOIN measures ms
    CROSS JOIN LATERAL (SELECT {share_measure} AS measure) v
),
counted AS (SELECT COUNT(*) AS members FROM measures),
cutoffs AS (
    SELECT t.id, r.measure, r.member_id
    FROM {tier} t CROSS JOIN counted c
    LEFT JOIN ranked r ON r.qualification = t.qualification
         AND r.position = CEIL(c.members * t.top_percent / 100)
    WHERE t.id = ANY(%(tiers)s)
)
UPDATE {tier} t
SET share_cutoff = c.measure, share_cutoff_member = c.member_id, share_reviewed_at = %(now)s
FROM cutoffs c WHERE t.id = c.id
RETURNING t.id
""".replace("{share_measure}", measures.share_measure("w", "w.qualification")))


def review_shares(program: Program, now: datetime, reviewed_already: bool = False) -> List[int]:
    """Set the cutoff of every percentile tier over every member, as of `now`, in the
    caller's transaction; returns those tiers' ids. With `reviewed_already`, tiers whose
    cutoff is already as of `now` are kept (a chunk of a parallel review: the first chunk
    sets them for the whole run, the others wait for it and find them set)."""
    tier_table = Tier._meta.db_table
    unless = "AND share_reviewed_at IS DISTINCT FROM %(now)s" if reviewed_already else ""
    with connection.cursor() as cursor:
        # Locked (in rank order, as staff edits lock tiers) before the ranking reads
        # them: a concurrent change of top_percent is either seen or waits for this.
        cursor.execute(_LOCK_SQL.format(tier=tier_table, unless_reviewed=unless), {"now": now})
        tiers = cursor.fetchall()
        if not tiers:
            return []
        qualifications = sorted({qualification for _, qualification in tiers})
        needs_orders = any(q in measures.ORDER_MEASURES for q in qualifications)
        params = {
            **measures.params(program, now, None),
            "qualifications": qualifications,
            "tiers": [pk for pk, _ in tiers],
        }
        cursor.execute(measures.statement(_CUTOFFS_SQL, None, orders=needs_orders), params)
        return [row[0] for row in cursor.fetchall()]
