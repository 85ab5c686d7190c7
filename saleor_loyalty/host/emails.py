"""Sending a member e-mail through the host's mail path.

The interface: the names the plugin uses. Each Saleor generation's adapter defines them in
`host/<generation>/emails.py`.
"""
from saleor_loyalty.host.generation import adapter

_adapter = adapter("emails")

send_email = _adapter.send_email
