from saleor_loyalty.host.graphql import DataLoader
from saleor_loyalty.host.orders import orders_by_keys


class OrderByKeyLoader(DataLoader):
    context_key = "loyalty_order_by_key"

    def batch_load(self, keys):
        orders = orders_by_keys(keys)
        return [orders.get(key) for key in keys]
