"""The changes the plugin makes to Saleor's own code at run time (member-only products
in every product read, the plugin's fields on Saleor's GraphQL types), applied by one
idempotent `install`. The interface; each Saleor generation's adapter defines it in
`host/<generation>/patches.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("patches")

install = _adapter.install
