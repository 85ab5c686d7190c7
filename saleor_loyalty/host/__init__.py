"""The host boundary: the only package that imports Saleor or names its tables.

Each module here is an interface: the names the plugin uses (orders as `OrderFacts`,
products, vouchers, e-mails, checkout, GraphQL building blocks, settings, URLs, the SQL of
migrations that read Saleor's tables), bound to the installed Saleor generation's adapter
(`generation.py`): `saleor2/` implements them over Saleor 2.10.1. `facts.py` holds the
host-neutral facts the adapters hand the domain.
"""
