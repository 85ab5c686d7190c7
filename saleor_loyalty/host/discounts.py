"""Saleor's vouchers, as member coupons are made of them.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/discounts.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("discounts")

CODE_LENGTH = _adapter.CODE_LENGTH
FIXED = _adapter.FIXED
PERCENTAGE = _adapter.PERCENTAGE
VOUCHER_TABLE = _adapter.VOUCHER_TABLE
VoucherTerms = _adapter.VoucherTerms
checkout_owner_and_voucher = _adapter.checkout_owner_and_voucher
create_voucher = _adapter.create_voucher
end_vouchers = _adapter.end_vouchers
insert_vouchers_sql = _adapter.insert_vouchers_sql
voucher_id_for_code = _adapter.voucher_id_for_code
voucher_ids_for_products = _adapter.voucher_ids_for_products
voucher_ids_with_uses = _adapter.voucher_ids_with_uses
