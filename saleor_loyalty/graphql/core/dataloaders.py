from saleor_loyalty.host.graphql import DataLoader


class InBulkLoader(DataLoader):
    """Rows of `model` by a unique `field_name` (None where there is none), with the
    `related` rows they name loaded in the same query."""

    model = None
    field_name = "pk"
    related = ()

    def batch_load(self, keys):
        rows = self.model.objects.all()
        if self.related:  # select_related() with no field would follow every foreign key
            rows = rows.select_related(*self.related)
        rows = rows.in_bulk(keys, field_name=self.field_name)
        return [rows.get(key) for key in keys]
