"""Recompute every cached balance from the ledger and report (or repair) differences."""
from dataclasses import dataclass
from typing import List

from django.db import connection, transaction

from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import LIFETIME_KINDS, PointsTransaction

_DIFFERENCES_SQL = """
WITH ledger AS (
    SELECT member_id,
           COALESCE(SUM(points) FILTER (WHERE status = 'available'), 0) AS balance,
           COALESCE(SUM(points) FILTER (WHERE status = 'pending'), 0) AS pending,
           COALESCE(SUM(points) FILTER (
               WHERE status = 'available' AND kind = ANY(%(lifetime_kinds)s)), 0) AS lifetime,
           COALESCE(SUM(debt) FILTER (WHERE status = 'available'), 0) AS debt,
           COALESCE(SUM(remaining) FILTER (WHERE status = 'available'), 0) AS lots
    FROM {txn} GROUP BY member_id
)
SELECT m.id, m.points_balance, m.pending_points, m.lifetime_points, m.points_debt,
       COALESCE(l.balance, 0), COALESCE(l.pending, 0), COALESCE(l.lifetime, 0),
       COALESCE(l.debt, 0), COALESCE(l.lots, 0)
FROM {member} m LEFT JOIN ledger l ON l.member_id = m.id
WHERE (m.points_balance, m.pending_points, m.lifetime_points, m.points_debt)
      IS DISTINCT FROM (COALESCE(l.balance, 0), COALESCE(l.pending, 0),
                        COALESCE(l.lifetime, 0), COALESCE(l.debt, 0))
   OR COALESCE(l.lots, 0) <> COALESCE(l.balance, 0)
ORDER BY m.id
"""


@dataclass(frozen=True)
class Difference:
    member_id: int
    cached: tuple  # (balance, pending, lifetime, debt)
    ledger: tuple  # the same, summed from the ledger
    lots: int  # what the member's lots still hold; must equal the ledger balance


def find_differences() -> List[Difference]:
    sql = _DIFFERENCES_SQL.format(
        txn=PointsTransaction._meta.db_table, member=Member._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"lifetime_kinds": [str(k) for k in LIFETIME_KINDS]})
        rows = cursor.fetchall()
    return [Difference(r[0], tuple(r[1:5]), tuple(r[5:9]), r[9]) for r in rows]


def fix_cached_balances(differences: List[Difference]) -> int:
    """Set the cached balances to the ledger's. Lots that disagree need a person."""
    fixed = 0
    with transaction.atomic():
        for diff in differences:
            if diff.cached == diff.ledger:
                continue
            Member.objects.select_for_update().filter(pk=diff.member_id).update(
                points_balance=diff.ledger[0],
                pending_points=diff.ledger[1],
                lifetime_points=diff.ledger[2],
                points_debt=diff.ledger[3],
            )
            fixed += 1
    return fixed
