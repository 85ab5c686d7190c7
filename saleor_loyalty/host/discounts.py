"""Saleor's vouchers, as member coupons are made of them.

The interface: the names the plugin uses. Each Saleor generation's adapter defines what
differs (codes, uses, values per channel) in `host/<generation>/discounts.py`; what reads
the same on both is in `host/vouchers.py`.

- `insert_vouchers_sql(source, name="vouchers")`: items of a top-level WITH clause that
  insert one voucher per row of the CTE `source`, ending in `<name>` = (id, code) of each;
  the statement takes the parameter `%(currency)s`, the shop's base currency.
- `VOUCHER_USES_SQL`: SQL of a relation (id, used), the uses Saleor counted per voucher.
- `used_voucher_q(path)`: a Q on rows whose voucher at `path` has been used at least once.
- `select_vouchers(queryset, path)`: the queryset reading its vouchers with what
  `voucher_code`, `voucher_used_up` and `voucher_value` read, in the same query;
  `voucher_of(row, path)` is the voucher of such a row, with what was read.
- `voucher_value(voucher, channel_slug=None)`: a `VoucherValue` (value type, value,
  minimum spend, currency) in the channel, or None when the voucher is not sold there;
  without a channel, in the shop's default channel (else the voucher's first).
- `voucher_discounts_sql()`: SQL of (voucher_id, amount, currency), the discounts the
  vouchers %(vouchers)s gave on placed orders (a campaign's cost).
"""
from saleor_loyalty.host.generation import adapter
from saleor_loyalty.host.vouchers import (  # noqa: F401 - the same on both
    FIXED,
    PERCENTAGE,
    VOUCHER_TABLE,
    VoucherTerms,
    VoucherValue,
    checkout_owner_and_voucher,
    end_vouchers,
    voucher_ids_for_products,
)

_adapter = adapter("discounts")

CODE_LENGTH = _adapter.CODE_LENGTH
VOUCHER_USES_SQL = _adapter.VOUCHER_USES_SQL
create_voucher = _adapter.create_voucher
insert_vouchers_sql = _adapter.insert_vouchers_sql
select_vouchers = _adapter.select_vouchers
used_voucher_q = _adapter.used_voucher_q
voucher_code = _adapter.voucher_code
voucher_id_for_code = _adapter.voucher_id_for_code
voucher_ids_with_uses = _adapter.voucher_ids_with_uses
voucher_used_up = _adapter.voucher_used_up
voucher_value = _adapter.voucher_value
voucher_of = _adapter.voucher_of
voucher_discounts_sql = _adapter.voucher_discounts_sql
