from saleor_loyalty.host.graphql import DataLoader


class InBulkLoader(DataLoader):
    """Rows of `model` by a unique `field_name` (None where there is none), with the
    `related` rows they name loaded in the same query."""

    model = None
    field_name = "pk"
    related = ()

    def batch_load(self, keys):
        rows = self.model.objects.select_related(*self.related).in_bulk(keys, field_name=self.field_name)
        return [rows.get(key) for key in keys]
