"""Order keys written on Saleor 2.10, rewritten for Saleor 3 (`loyalty_upgrade_from_saleor2`).

The plugin knows an order by its key: its id on Saleor 2.10, its UUID on Saleor 3. Saleor 3's
migrations give every old order a UUID and keep its old id (host orders'
`old_order_keys_sql`), but the keys the plugin wrote stay as they were. They are in:
- the ledger: `order_key`, and the row keys `earn:<order>`, `reverse:<order>:...`,
  `referral:<member>:<order>[:reverse]` and `settle:` of any of those;
- the statistics' record of paid orders (its primary key);
- member coupons: the order a coupon was used on, and `repurchase:<order>` occasions;
- paid memberships: the order that bought them;
- program pauses: the last order re-synced (a pause still re-syncing starts over, as
  order keys no longer sort as ids did; re-syncing an order is idempotent).

Each target is rewritten by one statement per batch of rows, each batch its own
transaction: a row is rewritten only when every old key in it names a carried-over order
(else it is counted `unmatched`) and its new keys are free (else `conflict`: the order was
already recorded under its UUID, which only happens when Saleor 3 ran the plugin before
the rewrite; a stale paid-order record is then dropped, as the UUID's is current).
Rewritten keys no longer look like ids, so a second run finds nothing: stopping and
running again resumes.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from django.db import connection, transaction

from saleor_loyalty.core.models import ProgramPause
from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.host import discounts as host_discounts
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers.models import MembershipPurchase

BATCH = 20000
# Each pattern has three groups: what comes before the old order id, the id, what follows.
_ID = "([0-9]{1,18})"
WHOLE_KEY = f"^(){_ID}()$"
LEDGER_KEY = f"^((?:settle:)*(?:earn|reverse|referral:[0-9]+):){_ID}(:.*)?$"
REPURCHASE_OCCASION = f"^(repurchase:){_ID}()$"


@dataclass(frozen=True)
class Target:
    """A table of the plugin and its columns holding order keys (column, pattern).

    `conflict` is an SQL condition on `f`, a row of the table with `row_pk` (its primary
    key) and `new_<column>` (its rewritten value) for each column: true when the new
    values are taken. `drop_conflicts`: such a row is stale and is deleted.
    """

    name: str
    table: str
    pk: str
    columns: Tuple[Tuple[str, str], ...]
    conflict: str
    filter: str = ""
    drop_conflicts: bool = False
    batched: bool = True


def _targets() -> List[Target]:
    txn, paid = PointsTransaction._meta.db_table, PaidOrder._meta.db_table
    coupon, purchase = Coupon._meta.db_table, MembershipPurchase._meta.db_table
    return [
        Target("ledger", txn, "id", (("order_key", WHOLE_KEY), ("key", LEDGER_KEY)),
               f"EXISTS (SELECT 1 FROM {txn} x WHERE x.key = f.new_key AND x.id <> f.row_pk)"),
        Target("paid orders", paid, "order_key", (("order_key", WHOLE_KEY),),
               f"EXISTS (SELECT 1 FROM {paid} x WHERE x.order_key = f.new_order_key)",
               drop_conflicts=True, batched=False),
        Target("coupons", coupon, "id",
               (("order_key", WHOLE_KEY), ("occasion", REPURCHASE_OCCASION)),
               f"EXISTS (SELECT 1 FROM {coupon} x WHERE x.occasion = f.new_occasion "
               "AND x.id <> f.row_pk)"),
        Target("paid memberships", purchase, "id", (("order_key", WHOLE_KEY),),
               f"EXISTS (SELECT 1 FROM {purchase} x WHERE x.order_key = f.new_order_key "
               "AND x.tier_id = f.tier_id AND x.id <> f.row_pk)"),
        Target("finished pauses", ProgramPause._meta.db_table, "id",
               (("reconciled_through", WHOLE_KEY),), "false",
               filter="AND t.reconciled_at IS NOT NULL"),
    ]


@dataclass
class Outcome:
    """What became of the rows holding old order keys in one target."""

    name: str
    rewritten: int = 0
    unmatched: int = 0
    conflicts: int = 0
    dropped: int = 0


@dataclass
class UpgradeReport:
    targets: List[Outcome] = field(default_factory=list)
    pauses_restarted: int = 0
    coupons_with_voucher: int = 0
    coupons_without_code: int = 0


def _classified_sql(target: Target, old_orders: str, batch: str) -> str:
    """WITH clause ending in `classified` (row_pk, new_<column>..., state) for the rows
    of `target` holding an old order key; state is rewrite, unmatched or conflict."""
    joins, news, found, unmatched = [], [], [], []
    for i, (column, _pattern) in enumerate(target.columns):
        joins.append(
            f"LEFT JOIN LATERAL regexp_match(t.{column}, %(pattern{i})s) m{i}(p) ON true "
            f"LEFT JOIN old_orders o{i} ON o{i}.old_id = m{i}.p[2]::bigint"
        )
        news.append(
            f"COALESCE(m{i}.p[1] || o{i}.order_key || COALESCE(m{i}.p[3], ''), t.{column}) "
            f"AS new_{column}"
        )
        found.append(f"m{i}.p IS NOT NULL")
        unmatched.append(f"(m{i}.p IS NOT NULL AND o{i}.order_key IS NULL)")
    new_columns = ", ".join(f"f.new_{column}" for column, _ in target.columns)
    return f"""
        WITH old_orders AS ({old_orders}),
        found AS (
            SELECT t.*, t.{target.pk} AS row_pk, {", ".join(news)},
                   ({" OR ".join(unmatched)}) AS unmatched
            FROM {target.table} t {" ".join(joins)}
            WHERE ({" OR ".join(found)}) {target.filter} {batch}
        ),
        classified AS (
            SELECT f.row_pk, {new_columns},
                   CASE WHEN f.unmatched THEN 'unmatched'
                        WHEN {target.conflict} THEN 'conflict'
                        ELSE 'rewrite' END AS state
            FROM found f
        )
    """


def _statement(target: Target, old_orders: str, batch: str, dry_run: bool) -> str:
    sql = _classified_sql(target, old_orders, batch)
    if not dry_run:
        sets = ", ".join(f"{column} = c.new_{column}" for column, _ in target.columns)
        sql += f""",
        rewritten AS (
            UPDATE {target.table} t SET {sets} FROM classified c
            WHERE t.{target.pk} = c.row_pk AND c.state = 'rewrite' RETURNING 1
        )"""
        if target.drop_conflicts:
            sql += f""",
        dropped AS (
            DELETE FROM {target.table} t USING classified c
            WHERE t.{target.pk} = c.row_pk AND c.state = 'conflict' RETURNING 1
        )"""
    return sql + " SELECT state, COUNT(*) FROM classified GROUP BY state"


def _batches(target: Target) -> List[Optional[Tuple[int, int]]]:
    if not target.batched:
        return [None]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN({target.pk}), MAX({target.pk}) FROM {target.table}")
        low, high = cursor.fetchone()
    if low is None:
        return []
    return [(start, start + BATCH) for start in range(low - 1, high, BATCH)]


def _rewrite(target: Target, old_orders: str, dry_run: bool) -> Outcome:
    outcome = Outcome(target.name)
    params = {f"pattern{i}": pattern for i, (_column, pattern) in enumerate(target.columns)}
    for bounds in _batches(target):
        batch = ""
        if bounds is not None:
            batch = f"AND t.{target.pk} > %(after)s AND t.{target.pk} <= %(upto)s"
            params.update(after=bounds[0], upto=bounds[1])
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_statement(target, old_orders, batch, dry_run), params)
            counts: Dict[str, int] = dict(cursor.fetchall())
        outcome.rewritten += counts.get("rewrite", 0)
        outcome.unmatched += counts.get("unmatched", 0)
        if target.drop_conflicts:
            outcome.dropped += counts.get("conflict", 0)
        else:
            outcome.conflicts += counts.get("conflict", 0)
    return outcome


def _restart_pending_pauses(dry_run: bool) -> int:
    """Pauses still re-syncing orders from an old key start over (orders are re-synced in
    order of their key, and UUIDs do not sort as ids did)."""
    pending = ProgramPause.objects.filter(
        reconciled_at__isnull=True, reconciled_through__regex=WHOLE_KEY
    )
    return pending.count() if dry_run else pending.update(reconciled_through="")


def _coupon_vouchers() -> Tuple[int, int]:
    """(coupons with a voucher, those whose voucher has no code): Saleor 3 keeps its
    vouchers' ids and moved each one's code to a code row of its own, so every coupon
    should still have its voucher and its code."""
    sql = f"""
        SELECT COUNT(*), COUNT(*) FILTER (WHERE v.id IS NULL)
        FROM {Coupon._meta.db_table} c
        LEFT JOIN ({host_discounts.VOUCHER_USES_SQL}) v ON v.id = c.voucher_id
        WHERE c.voucher_id IS NOT NULL
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def needed() -> bool:
    """Whether the shop runs a Saleor whose order keys differ from 2.10's ids."""
    return host_orders.old_order_keys_sql() is not None


def upgrade_from_saleor2(dry_run: bool = False) -> UpgradeReport:
    """Rewrite every order key written on Saleor 2.10 to the order's key on Saleor 3 (with
    `dry_run`, only count what would change)."""
    old_orders = host_orders.old_order_keys_sql()
    report = UpgradeReport()
    if old_orders is None:
        return report
    report.targets = [_rewrite(target, old_orders, dry_run) for target in _targets()]
    report.pauses_restarted = _restart_pending_pauses(dry_run)
    report.coupons_with_voucher, report.coupons_without_code = _coupon_vouchers()
    return report
