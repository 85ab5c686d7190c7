"""A worker process killed with SIGKILL in the middle of a campaign and of a backfill
(issue 23, item 12): after a restart every member has exactly one gift and every order
exactly one earning, and `loyalty_verify` finds no difference.

Real processes on real services: a Celery worker consuming RabbitMQ for the campaign (the
broker gives the task, acknowledged late, to the restarted worker), the `loyalty_backfill`
command for the backfill. A trigger makes the process wait at a chosen row (the test holds
the lock it waits on), so the kill lands halfway, in the middle of a transaction."""
import os
import sys
import uuid
from decimal import Decimal

import pytest
from celery import Celery
from django.core.management import call_command
from django.utils import timezone

from saleor_loyalty.coupons.models import Coupon
from saleor_loyalty.engagement import campaigns
from saleor_loyalty.engagement.models import Campaign, CampaignGrant
from saleor_loyalty.host import orders as host_orders
from saleor_loyalty.members.models import Member
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.points.verify import find_differences
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.loyalty import make_member
from tests.fixtures.operator import halt_at
from tests.fixtures.users import create_customer
from tests.fixtures.workers import Process, celery_worker, environment, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BROKER = os.environ.get("LOYALTY_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
TXN = PointsTransaction._meta.db_table


def kill_when_halted(halted, process):
    try:
        halted(timeout=45, running=process.running)
    except AssertionError as error:
        process.stop()
        raise AssertionError(f"{error}\n{process.output()[-5000:]}") from None
    process.kill()


@pytest.fixture
def queue():
    """A queue of the test's own on RabbitMQ, deleted afterwards."""
    name = f"loyalty-killed-{uuid.uuid4().hex[:8]}"
    client = Celery(broker=BROKER, set_as_current=False)  # Saleor's app stays the current one
    yield name
    with client.connection_for_write() as connection:
        connection.default_channel.queue_delete(name)


def assert_ledger_matches_cached_balances():
    assert find_differences() == []
    call_command("loyalty_verify")  # raises CommandError on any difference


def test_a_worker_killed_in_the_middle_of_a_campaign_gives_every_member_one_gift_after_a_restart(
    entry_tier, queue
):
    gold = Tier.objects.create(name="Gold", slug="gold", rank=1, threshold=Decimal(500))
    team = [make_member(create_customer(f"gift{i}@example.com")).pk for i in range(40)]
    Member.objects.filter(pk__in=team).update(tier=gold)
    campaign = campaigns.create_campaign(
        {"name": "Spring", "bonus_points": 25, "coupon_value": Decimal(5)}, gold, None, timezone.now())
    grants = CampaignGrant.objects.filter(campaign=campaign)
    stop_at = grants.order_by("id")[20].member_id
    client = Celery(broker=BROKER, set_as_current=False)  # Saleor's app stays the current one

    with halt_at(TXN, f"NEW.key = 'campaign:{campaign.pk}:{stop_at}'") as halted:
        with celery_worker(queue, BROKER) as worker:
            client.send_task("saleor_loyalty.engagement.tasks.run_campaign_task",
                             args=[campaign.pk], queue=queue)
            kill_when_halted(halted, worker)  # in the middle of the 21st member's gift
    # The killed worker's session finds its client gone and rolls that gift back.

    campaign.refresh_from_db()
    assert (campaign.status, campaign.processed) == ("running", 20)
    assert grants.exclude(granted_at=None).count() == 20
    with celery_worker(queue, BROKER):  # the broker hands the unacknowledged task to it again
        wait_until(lambda: Campaign.objects.get(pk=campaign.pk).status == "completed",
                   "the restarted worker did not complete the campaign", 40)

    keys = [f"campaign:{campaign.pk}:{member_id}" for member_id in team]
    bonuses = PointsTransaction.objects.filter(key__in=keys)
    assert sorted(bonuses.values_list("member_id", "points")) == [(m, 25) for m in sorted(team)]
    assert sorted(Coupon.objects.filter(kind="campaign").values_list("member_id", flat=True)) == sorted(team)
    campaign.refresh_from_db()
    assert (campaign.processed, campaign.recipients) == (40, 40)
    assert not grants.filter(granted_at=None).exists()
    assert set(Member.objects.filter(pk__in=team).values_list("points_balance", flat=True)) == {25}
    assert_ledger_matches_cached_balances()


def _backfill():
    return Process([sys.executable, "-m", "django", "loyalty_backfill"], environment())


def test_a_backfill_killed_in_the_middle_earns_each_order_once_after_a_restart(
    customer_api, customer_user, entry_tier, shop, order_placer
):
    shirt = shop.add_variant("Shirt", "25.00")
    keys = [host_orders.order_key(order_placer(customer_api, [(shirt, 1)])) for _ in range(4)]
    member = make_member(customer_user)  # joined after ordering: nothing earned yet

    with halt_at(TXN, f"NEW.key = 'earn:{keys[2]}'") as halted:
        killed = _backfill()
        kill_when_halted(halted, killed)  # in the middle of the third order
    earned = PointsTransaction.objects.filter(kind="earn")
    assert sorted(earned.values_list("order_key", flat=True)) == sorted(keys[:2])
    assert_ledger_matches_cached_balances()

    restarted = _backfill()
    assert restarted.popen.wait(timeout=60) == 0, restarted.output()
    assert "Done: 4 orders" in restarted.output()

    assert sorted(earned.values_list("order_key", flat=True)) == sorted(keys)
    member.refresh_from_db()
    assert member.pending_points == 4 * earned.get(order_key=keys[0]).points > 0
    assert_ledger_matches_cached_balances()
