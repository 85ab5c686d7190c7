"""The host adapter over Saleor 3 (3.23): channels, UUID orders, the Transaction API."""
