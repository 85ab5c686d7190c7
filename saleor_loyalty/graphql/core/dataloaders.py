from saleor_loyalty.host.graphql import DataLoader


class InBulkLoader(DataLoader):
    """Rows of `model` by a unique `field_name` (None where there is none)."""

    model = None
    field_name = "pk"

    def batch_load(self, keys):
        rows = self.model.objects.in_bulk(keys, field_name=self.field_name)
        return [rows.get(key) for key in keys]
