"""Money figures never add two currencies: statistics, the points liability, segments and
the members export of a shop that sells in USD and PLN (and in JPY and KWD, whose smallest
units are not cents)."""
import csv
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from saleor.account.models import User
from saleor.order import OrderStatus
from saleor.payment import ChargeStatus
from saleor.payment.models import Payment

from saleor_loyalty.core.program import load_program
from saleor_loyalty.insight import audiences, paid_orders, segments, stats
from saleor_loyalty.insight.audience_filter import AudienceFilter
from saleor_loyalty.insight.models import MemberSegment, PaidOrder
from saleor_loyalty.members.models import Member
from tests.fixtures.loyalty import configure_program, credit_points, make_member
from tests.fixtures.orders import new_order

STATS = """
{ loyaltyStats {
    outstandingPoints outstandingLiability { amount currency }
    outstandingLiabilityByCurrency { amount currency }
    memberAverageOrderValue { amount currency } guestAverageOrderValue { amount currency }
    memberAverageOrderValueByCurrency { amount currency }
    guestAverageOrderValueByCurrency { amount currency }
    memberRevenueByCurrency { amount currency } guestRevenueByCurrency { amount currency }
} }
"""


def _member(email: str) -> Member:
    """A member who joined a month ago (before the orders of these tests)."""
    member = make_member(User.objects.create(email=email, password=""))
    Member.objects.filter(pk=member.pk).update(joined_at=timezone.now() - timedelta(days=30))
    return member


def _paid_orders(*orders):
    """Orders written as an import writes them ((customer or None, currency, total, days
    ago)), each paid in full in its currency; then the nightly record of paid orders."""
    now = timezone.now()
    for n, (customer, currency, total, days_ago) in enumerate(orders):
        order = new_order(user=customer, email=customer.email if customer else f"guest-{n}@example.com",
                          status=OrderStatus.UNFULFILLED, created=now - timedelta(days=days_ago),
                          total=Decimal(total))
        order.currency = currency
        order.save()
        Payment.objects.create(order=order, gateway="mirumee.payments.dummy", total=Decimal(total),
                               captured_amount=Decimal(total), currency=currency,
                               charge_status=ChargeStatus.FULLY_CHARGED, billing_email=order.user_email)
    paid_orders.reconcile()


def _money(figures):
    return {(f["currency"], Decimal(str(f["amount"]))) for f in figures}


def test_stats_give_order_values_per_currency_and_the_base_currency_alone_in_single_figures(
    entry_tier, manage_users_api
):
    configure_program(currencyRules="PLN:0.25:0.25:0.04")
    ada, bo = _member("ada@example.com"), _member("bo@example.com")
    credit_points(ada, 1000, key="bonus-ada")
    _paid_orders((ada.user, "USD", "20.00", 3), (bo.user, "USD", "31.00", 2),
                 (ada.user, "PLN", "400.00", 2), (None, "PLN", "90.00", 1), (None, "USD", "10.00", 1))

    data = manage_users_api.query(STATS)["loyaltyStats"]

    # USD: members 20 and 31 (average 25.50), a guest 10; PLN: a member 400, a guest 90.
    assert data["memberAverageOrderValue"] == {"amount": 25.5, "currency": "USD"}
    assert data["guestAverageOrderValue"] == {"amount": 10.0, "currency": "USD"}
    assert data["memberAverageOrderValueByCurrency"] == [
        {"amount": 25.5, "currency": "USD"}, {"amount": 400.0, "currency": "PLN"}]
    assert data["guestAverageOrderValueByCurrency"] == [
        {"amount": 10.0, "currency": "USD"}, {"amount": 90.0, "currency": "PLN"}]
    assert _money(data["memberRevenueByCurrency"]) == {("USD", Decimal(51)), ("PLN", Decimal(400))}
    assert _money(data["guestRevenueByCurrency"]) == {("USD", Decimal(10)), ("PLN", Decimal(90))}
    # 1000 points at 0.01 USD, or at 0.04 PLN: the same liability in either currency.
    assert data["outstandingPoints"] == 1000
    assert data["outstandingLiability"] == {"amount": 10.0, "currency": "USD"}
    assert data["outstandingLiabilityByCurrency"] == [
        {"amount": 10.0, "currency": "USD"}, {"amount": 40.0, "currency": "PLN"}]


def test_a_shop_without_base_currency_orders_has_no_single_order_values(entry_tier):
    ada = _member("ada@example.com")
    _paid_orders((ada.user, "PLN", "400.00", 2))

    result = stats.compute_stats(load_program(), stats.make_period(None, None, timezone.now()))

    assert result.member_average_order_value is None and result.guest_average_order_value is None
    assert [(v.currency, v.member_average) for v in result.order_values] == [("PLN", Decimal("400.00"))]
    # No rule gives points a value in PLN: the liability is in the base currency only.
    assert result.liability_by_currency == {"USD": Decimal("0.00")}


def test_averages_round_to_each_currencys_smallest_unit(entry_tier):
    ada = _member("ada@example.com")
    _paid_orders((ada.user, "JPY", "1000", 3), (ada.user, "JPY", "1001", 2), (ada.user, "JPY", "1001", 1),
                 (ada.user, "KWD", "1.00", 3), (ada.user, "KWD", "1.01", 2), (ada.user, "KWD", "1.01", 1),
                 (ada.user, "USD", "10.00", 3), (ada.user, "USD", "10.01", 2))

    result = stats.compute_stats(load_program(), stats.make_period(None, None, timezone.now()))

    averages = {v.currency: v.member_average for v in result.order_values}
    # JPY 1000.67 -> 1001 yen; KWD 1.00667 -> 1.007 (fils); USD 10.005 -> 10.01.
    assert [str(averages[c]) for c in ("JPY", "KWD", "USD")] == ["1001", "1.007", "10.01"]


def test_the_record_of_paid_orders_keeps_each_orders_currency(entry_tier):
    ada = _member("ada@example.com")
    _paid_orders((ada.user, "PLN", "400.00", 2), (ada.user, "USD", "20.00", 1))

    assert sorted(PaidOrder.objects.values_list("currency", "paid")) == [
        ("PLN", Decimal("400.000")), ("USD", Decimal("20.000"))]


def test_segment_money_counts_other_currencies_at_their_rate_and_unruled_ones_not_at_all(
    entry_tier
):
    program = configure_program(currencyRules="PLN:0.25:0.25")
    ada, bo = _member("ada@example.com"), _member("bo@example.com")
    # Ada: 20 USD + 400 PLN at 0.25 = 120 USD. Bo: 30 USD; 5000 EUR has no rule.
    _paid_orders((ada.user, "USD", "20.00", 3), (ada.user, "PLN", "400.00", 2),
                 (bo.user, "USD", "30.00", 3), (bo.user, "EUR", "5000.00", 2))

    segments.compute_segments(program, timezone.now())

    rows = {s.member_id: (s.frequency, s.monetary, s.currency) for s in MemberSegment.objects.all()}
    assert rows == {ada.pk: (2, Decimal("120.000"), "USD"), bo.pk: (2, Decimal("30.000"), "USD")}


@pytest.mark.parametrize("rules", ["PLN:0.25:0.25", ""])
def test_audience_money_counts_other_currencies_at_their_rate_and_unruled_ones_only_as_orders(
    entry_tier, rules
):
    program = configure_program(currencyRules=rules)
    ada, bo = _member("ada@example.com"), _member("bo@example.com")
    # Ada: 20 USD + 400 PLN (at 0.25: 120 USD; without a rule: 20 USD), her last order two
    # days ago. Bo: 30 USD, and 5000 EUR (no rule) a day ago: his last order.
    _paid_orders((ada.user, "USD", "20.00", 3), (ada.user, "PLN", "400.00", 2),
                 (bo.user, "USD", "30.00", 3), (bo.user, "EUR", "5000.00", 1))
    ada_spend = Decimal(120) if rules else Decimal(20)

    def selected(**criteria):
        return audiences.member_ids(AudienceFilter(**criteria), program, timezone.now())

    assert selected(lifetime_spend_min=ada_spend, lifetime_spend_max=ada_spend) == [ada.pk]
    assert selected(lifetime_spend_min=Decimal(25), lifetime_spend_max=Decimal(30)) == [bo.pk]
    assert selected(window_days=30, window_spend_min=ada_spend,
                    window_spend_max=ada_spend) == [ada.pk]
    assert sorted(selected(window_days=30, orders_min=2)) == sorted([ada.pk, bo.pk])
    assert selected(days_since_order_min=2) == [ada.pk]


def test_members_export_names_the_currency_of_the_money_in_window(entry_tier):
    program = configure_program(currencyRules="PLN:0.25:0.25")
    ada = _member("ada@example.com")
    _paid_orders((ada.user, "USD", "20.00", 3), (ada.user, "PLN", "400.00", 2))
    segments.compute_segments(program, timezone.now())

    out = StringIO()
    call_command("loyalty_export", "members", stdout=out, stderr=StringIO())

    [row] = list(csv.DictReader(StringIO(out.getvalue())))
    assert (Decimal(row["money_in_window"]), row["money_currency"]) == (Decimal(120), "USD")
