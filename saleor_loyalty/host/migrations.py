"""SQL of the app's migrations that reads Saleor's own tables.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/migrations.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("migrations")

DROP_ORDER_CREATED_INDEX = _adapter.DROP_ORDER_CREATED_INDEX
ORDER_CREATED_INDEX = _adapter.ORDER_CREATED_INDEX
RECORD_PAID_ORDERS = _adapter.RECORD_PAID_ORDERS
create_customer_search_indexes = _adapter.create_customer_search_indexes
drop_customer_search_indexes = _adapter.drop_customer_search_indexes
