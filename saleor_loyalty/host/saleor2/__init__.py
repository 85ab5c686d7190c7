"""The Saleor 2.10 adapter: every module of `host/` implemented over Saleor 2.10.1."""
