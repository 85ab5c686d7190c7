"""Earning per currency: an order in a currency other than the program's base currency
earns by its currency's rule, or nothing (never as if it were the base currency); rolling
spend counts it at the rule's rate; money rounds to each currency's smallest unit."""
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from saleor.order.models import Order

from saleor_loyalty.core.currencies import round_money
from saleor_loyalty.core.program import default_configuration, parse_configuration
from saleor_loyalty.insight.models import PaidOrder
from saleor_loyalty.points.models import PointsTransaction
from saleor_loyalty.tiers.models import Tier
from tests.fixtures.loyalty import configure_program

PROGRAM = """
{ loyaltyProgram { currency pointsPerCurrencyUnit
    currencyRules { currency pointsPerCurrencyUnit rate pointValue { amount currency } } } }
"""


def _paid_order_in(currency, order_desk, customer, lines):
    """A staff order for `customer`, in `currency`, then marked as paid (the order hooks run)."""
    order = order_desk.create_order_for(customer, lines)
    Order.objects.filter(pk=order.pk).update(currency=currency)
    order_desk.mark_as_paid(order)
    return order


def _earned(order):
    return PointsTransaction.objects.filter(key=f"earn:{order.pk}").values_list("points", flat=True).first()


def test_an_order_in_a_currency_without_a_rule_earns_nothing_and_is_logged(
    customer_user, member, shop, order_desk, caplog
):
    shirt = shop.add_variant("Shirt", "25.00")

    with caplog.at_level(logging.WARNING, logger="saleor_loyalty.points.accrual"):
        order = _paid_order_in("PLN", order_desk, customer_user, [(shirt, 2)])

    assert _earned(order) is None
    assert "is in PLN, which has no currency rule" in caplog.text
    # The statistics still know the order, in its own currency.
    assert PaidOrder.objects.get(order_key=str(order.pk)).currency == "PLN"


def test_an_order_in_a_currency_with_a_rule_earns_by_its_rule(customer_user, member, shop, order_desk):
    configure_program(pointsPerCurrencyUnit="2", currencyRules="PLN:0.25:0.25")
    shirt = shop.add_variant("Shirt", "25.00")

    in_pln = _paid_order_in("PLN", order_desk, customer_user, [(shirt, 2)])
    in_usd = _paid_order_in("USD", order_desk, customer_user, [(shirt, 2)])

    # 50 PLN at 0.25 points per PLN; 50 USD at the program's 2 points per USD.
    assert (_earned(in_pln), _earned(in_usd)) == (12, 100)


def test_rolling_spend_counts_other_currencies_at_their_rate(customer_user, member, shop, order_desk):
    configure_program(pointsPerCurrencyUnit="0", currencyRules="PLN:0:0.25")
    spender = Tier.objects.create(name="Spender", slug="spender", rank=1,
                                  qualification="rolling_spend", threshold=Decimal(100))
    book = shop.add_variant("Book", "200.00")

    _paid_order_in("EUR", order_desk, customer_user, [(book, 3)])  # no rule: counts nothing
    _paid_order_in("PLN", order_desk, customer_user, [(book, 1)])  # 200 PLN = 50 USD
    member.refresh_from_db()
    before = member.tier_id
    _paid_order_in("PLN", order_desk, customer_user, [(book, 1)])  # 100 USD in all

    member.refresh_from_db()
    assert before != spender.pk
    assert member.tier_id == spender.pk


def test_loyalty_program_shows_the_currency_rules(api_client, db):
    configure_program(currencyRules="pln:0.25:0.25:0.04, JPY:0.01:0.0067")

    program = api_client.query(PROGRAM)["loyaltyProgram"]

    assert program == {"currency": "USD", "pointsPerCurrencyUnit": 1.0, "currencyRules": [
        {"currency": "JPY", "pointsPerCurrencyUnit": 0.01, "rate": 0.0067, "pointValue": None},
        {"currency": "PLN", "pointsPerCurrencyUnit": 0.25, "rate": 0.25,
         "pointValue": {"amount": 0.04, "currency": "PLN"}},
    ]}


@pytest.mark.parametrize("rules", [
    "PLN", "PLN:1", "PLN:1:0.25:0.04:9", "PLNX:1:1", "P1N:1:1", "PLN:one:1", "PLN:1:0",
    "PLN:-1:1", "PLN:1:1:-0.01", "PLN:1:1, pln:2:1", "PLN:NaN:1",
])
def test_malformed_currency_rules_are_refused(rules):
    configuration = default_configuration()
    configuration.append({"name": "currencyRules", "value": rules})

    with pytest.raises(ValidationError) as refused:
        parse_configuration(configuration, active=True)

    assert list(refused.value.error_dict) == ["currencyRules"]


@pytest.mark.parametrize("amount, currency, rounded", [
    ("10.005", "USD", "10.01"), ("1000.5", "JPY", "1001"), ("1.0005", "KWD", "1.001"),
    ("2.344", "PLN", "2.34"),
])
def test_money_rounds_to_the_smallest_unit_of_its_currency(amount, currency, rounded):
    assert str(round_money(Decimal(amount), currency)) == rounded
