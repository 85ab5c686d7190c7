"""Django settings of the installed Saleor generation, with the loyalty app, plugin and URLs.

`saleor_loyalty.settings` builds on these; a shop with settings of its own adds the lines
from README.md instead.
"""
from saleor_loyalty.host.generation import adapter

_settings = adapter("settings")

globals().update({name: value for name, value in vars(_settings).items() if name.isupper()})
