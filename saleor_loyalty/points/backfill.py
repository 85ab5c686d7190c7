"""Points for orders placed before the plugin was installed or before a customer joined."""
from typing import Callable, Optional

from saleor_loyalty import order_events
from saleor_loyalty.core.program import Program
from saleor_loyalty.host import orders as host_orders


def backfill_orders(program: Program, start_after: Optional[str] = None,
                    user_id: Optional[int] = None,
                    progress: Callable[[str], None] = lambda order_key: None) -> int:
    """Reconcile the ledger with every confirmed order of members, oldest first.

    Idempotent (each order's rows have their own keys), so a second run changes
    nothing and an interrupted run can go on from the last order it reported.
    Orders fulfilled longer ago than the return window become available at once.
    """
    orders = host_orders.member_orders(start_after=start_after, user_id=user_id)
    done = 0
    for order in orders.iterator(chunk_size=500):
        order_events.sync_order_now(order, program, recheck_tiers=True)
        done += 1
        progress(host_orders.order_key(order))
    return done


def backfill_member(member, program: Program) -> int:
    return backfill_orders(program, user_id=member.user_id)

