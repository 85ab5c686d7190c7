"""The loyalty share of one checkoutComplete, query by query.

Run: make bench-checkout-queries  (or: .venv/bin/python -m bench.checkout_queries [warm-ups])
A member completes a 3-line checkout through Saleor's real GraphQL API with the plugin
switched off, then on, after one warm-up checkout of each (in one transaction rolled back at
the end). Every SQL statement of
the request is recorded with the call stack that sent it; a statement is the plugin's when
a function of `saleor_loyalty` is on that stack. Printed: Saleor's count with the plugin off,
the count with it on, and each of the plugin's statements with the plugin's entry point
(outermost function of the package on the stack), the function that sent it (innermost) and
the start of its SQL.
"""
import traceback
from pathlib import Path

import saleor
from django.db import connection

import saleor_loyalty
from bench.checkout import member_checkout, set_plugin_active
from bench.common import machine, run_rolled_back
from tests.fixtures.checkout import complete_checkout, create_checkout, ship_and_pay

PACKAGE = str(Path(saleor_loyalty.__file__).parent)
SALEOR = str(Path(saleor.__file__).parent)


class Recorder:
    """A database execute wrapper keeping each statement with the plugin's frames that sent
    it: the innermost run of the plugin's frames, when no frame of Saleor is below it (the
    plugin's checks wrap Saleor's own mutation: what Saleor sends inside them is Saleor's)."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        frames = []
        for frame in reversed(traceback.extract_stack()):
            if frame.filename.startswith(PACKAGE):
                frames.insert(0, f"{Path(frame.filename).stem}.{frame.name}")
            elif frame.filename.startswith(SALEOR) or frames:
                break
        self.statements.append((sql, frames))
        return execute(sql, params, many, context)


def recorded_checkout(api, shop, lines) -> Recorder:
    checkout_id = create_checkout(api, lines)
    ship_and_pay(api, checkout_id, shop.shipping_method)
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        result = complete_checkout(api, checkout_id)
    assert result["errors"] == [], result["errors"]
    return recorder


def main(warmups: int):
    shop, lines, api = member_checkout()
    counts = {}
    for on in (False, True) * (warmups + 1):
        set_plugin_active(on)
        recorder = recorded_checkout(api, shop, lines)
        counts[on] = len(recorder.statements)
    loyalty = [(sql, frames) for sql, frames in recorder.statements if frames]
    print(f"Machine: {machine()}")
    print(f"checkoutComplete of a member's 3-line order: {counts[False]} SQL statements with the "
          f"plugin off, {counts[True]} with it on, {len(loyalty)} of them the plugin's:")
    print("| # | entry point | sent by | statement |")
    print("|---|---|---|---|")
    for number, (sql, frames) in enumerate(loyalty, 1):
        statement = " ".join(sql.split())[:90].replace("|", "\\|")
        print(f"| {number} | {frames[0]} | {frames[-1]} | `{statement}` |")


if __name__ == "__main__":
    run_rolled_back(main, 1)
