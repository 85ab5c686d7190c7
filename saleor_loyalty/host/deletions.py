"""What Saleor deletes that the loyalty program refers to: customer accounts, vouchers
(member coupons are vouchers), products and variants (points-mall rewards give them).

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/deletions.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("deletions")

connect = _adapter.connect
