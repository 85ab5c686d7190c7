"""The daily tier review (one statement over every member) running while order hooks,
redemptions and the release job lock members of their own, in real concurrent database
sessions (issue 23, item 9): no deadlock, no lost change, every member in the tier the
review and the hooks decide, and every cached balance equal to the ledger.

One member is held by a slow hook (the test's own session holds its row) when the review
starts, so the review is stopped halfway through the members while the others carry on;
one order hook waits for a member the review has locked and moves.

Defects it found: the review's UPDATE locked members in the table's physical order and
deadlocked with the release job, which locks them in id order; it moved members on the
state it read before waiting, undoing the upgrades hooks committed meanwhile (buyers lost
Gold); and `ledger.lock_member` returned a member whose tier had changed while it waited
with no tier at all (`member.tier` None), so the waiting hook failed."""
import random
import threading
import time
import traceback
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from saleor.order import OrderStatus
from saleor.payment.models import Payment

from saleor_loyalty import order_events
from saleor_loyalty.core.program import load_program
from saleor_loyalty.coupons import member_coupons
from saleor_loyalty.members.models import Member
from saleor_loyalty.points import tasks as points_tasks
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers import tasks as tier_tasks
from saleor_loyalty.tiers.models import Tier, TierChange
from tests.fixtures.host_database import share_test_transactions_with_the_replica
from tests.fixtures.loyalty import configure_program, credit_points, make_member
from tests.fixtures.operator import operator
from tests.fixtures.orders import new_order
from tests.fixtures.users import create_customer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MEMBERS = 150
WORKERS = 4
DEADLOCK = "40P01"


def _place_paid_order(member_id):
    """A checkout that completes: the order, its payment and the hook, one transaction."""
    member = Member.objects.select_related("user").get(pk=member_id)
    with transaction.atomic():
        order = new_order(member.user, member.user.email, OrderStatus.UNFULFILLED, timezone.now(),
                          Decimal(20))
        order.save()
        Payment.objects.create(order=order, gateway="dummy", total=Decimal(20),
                               captured_amount=Decimal(20), currency=order.currency)
        order_events.sync_order_now(order, load_program())


def _redeem(member_id):
    member = Member.objects.get(pk=member_id)
    member_coupons.redeem_points(member, 10, load_program(), timezone.now())


class Sessions:
    """Threads, each on its own database connection; errors are kept, not raised."""

    def __init__(self):
        self.threads, self.errors, self.done = [], [], []

    def start(self, name, work):
        def run():
            share_test_transactions_with_the_replica()
            try:
                work()
                self.done.append(name)
            except Exception as error:  # noqa: BLE001 - the test inspects them
                self.errors.append((name, error))
            finally:
                connection.close()

        thread = threading.Thread(target=run, name=name)
        thread.start()
        self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in self.threads), "a session hung"


def _sqlstate(error):
    """The PostgreSQL error code under Django's wrapper (psycopg2 and psycopg 3 alike)."""
    cause = error.__cause__ or error
    return getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)


def test_tier_review_beside_order_hooks_redemptions_and_releases_neither_deadlocks_nor_loses_a_change(
    entry_tier,
):
    configure_program(minimumRedemption="1")
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, qualification="order_count",
                               threshold=Decimal(1))
    team = [make_member(create_customer(f"review{i}@example.com")).pk for i in range(MEMBERS)]
    # Everybody is Gold without an order for a year: the review moves them all down.
    Member.objects.update(tier=gold, below_tier_since=timezone.now() - timedelta(days=400))
    shuffled = random.sample(team, len(team))  # rows rewritten in random order: the table's
    for member_id in shuffled:                 # physical order is no longer the ids' order
        credit_points(Member(pk=member_id), 100, f"bonus:{member_id}")
        PointsTransaction.objects.create(
            member_id=member_id, key=f"earn:r{member_id}", kind="earn", status="pending", points=70,
            order_key=f"r{member_id}", window_ends_at=timezone.now() - timedelta(minutes=1))
        Member.objects.filter(pk=member_id).update(pending_points=70)
    held = team[MEMBERS // 2]
    buyers = set(random.sample([m for m in team if m != held], MEMBERS // 3))
    behind = min(buyers)  # its hook waits for the review, which locked it before `held`
    assert behind < held
    work = [(_place_paid_order if m in buyers else _redeem, m) for m in team if m not in (held, behind)]
    random.shuffle(work)
    last_change = TierChange.objects.order_by("-id").values_list("id", flat=True).first() or 0

    sessions = Sessions()
    with operator() as watcher, operator() as hook:
        hook.session.autocommit = False  # a slow checkout holding its member
        hook.sql(f"SELECT id FROM {Member._meta.db_table} WHERE id = %s FOR UPDATE", [held])
        sessions.start("review", tier_tasks.review_tiers_task)
        review = watcher.session_blocked_by(hook.pid)
        sessions.start("hook-behind-the-review", lambda: _place_paid_order(behind))
        watcher.session_blocked_by(review)
        for index in range(WORKERS):
            share = work[index::WORKERS]
            sessions.start(f"hooks-{index}", lambda share=share: [job(m) for job, m in share])
        sessions.start("release", points_tasks.release_due_points_task)
        time.sleep(1.0)  # hooks and redemptions of members the review has not reached yet
        hook.session.commit()
        sessions.join()

    assert [name for name, error in sessions.errors if _sqlstate(error) == DEADLOCK] == []
    assert sessions.errors == [], "".join(
        "".join(traceback.format_exception(type(error), error, error.__traceback__))
        for _name, error in sessions.errors)
    assert sorted(sessions.done) == sorted(
        ["review", "release", "hook-behind-the-review"] + [f"hooks-{i}" for i in range(WORKERS)])
    in_gold = set(Member.objects.filter(tier=gold).values_list("pk", flat=True))
    assert in_gold == buyers, "a member who paid an order lost Gold, or one who did not kept it"
    moves = {m: [] for m in team}
    for member_id, *move in TierChange.objects.filter(pk__gt=last_change).order_by("id").values_list(
            "member_id", "from_tier_id", "to_tier_id", "reason"):
        moves[member_id].append(tuple(move))
    down, up = (gold.pk, entry_tier.pk, "downgrade"), (entry_tier.pk, gold.pk, "upgrade")
    assert {m: moves[m] for m in team if m not in buyers} == {m: [down] for m in team if m not in buyers}
    assert {m: moves[m] for m in buyers if moves[m] not in ([], [down, up])} == {}
    balances = dict(Member.objects.values_list("pk", "points_balance"))
    assert {m: balances[m] for m in team} == {
        m: 170 - (0 if m in buyers or m == held else 10) for m in team}
    assert find_differences() == []
    call_command("loyalty_verify")

