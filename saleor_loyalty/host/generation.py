"""Which Saleor runs, and its adapter.

Saleor 3 has `saleor.permission` (2.10 keeps its permissions in `saleor.core.permissions`);
2.10.1's `saleor.__version__` says only "dev". Nothing outside `host/` asks.
"""
import importlib
from importlib.util import find_spec

GENERATION = "saleor3" if find_spec("saleor.permission") is not None else "saleor2"


def adapter(module: str):
    """The installed generation's implementation of `host/<module>.py`."""
    return importlib.import_module(f"saleor_loyalty.host.{GENERATION}.{module}")
