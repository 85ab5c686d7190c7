"""The merchant console: a single-page app built from console/ (`make console`) into
build/, served under /loyalty/. It talks only to Saleor's /graphql/."""
