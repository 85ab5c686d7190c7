"""Settings for running Saleor with the loyalty plugin (demo, tests, benchmarks).

A shop with settings of its own adds the lines from README.md instead.
"""
from .host.settings import *  # noqa: F401,F403
