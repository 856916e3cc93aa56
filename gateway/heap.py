"""Keep the start-up heap out of the cyclic garbage collector's way.

By the time the app serves, it holds about 850,000 long-lived objects: the R4 and profile tables,
the search registry, the spaCy and embedding models. A full (generation 2) collection walks all of
them, about half a second here, and whichever request happens to allocate at that moment waits
for it. ``gc.freeze()`` moves what exists at start-up into a permanent generation the collector
skips (a full collection then takes microseconds); ``release`` hands it back when the app stops,
so a process that builds many apps (the tests) can still free them.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    # no gc.collect() first: it would cost a full walk per app start (hundreds in the tests), and
    # garbage frozen with the rest is freed after ``release_startup_heap``
    gc.freeze()


def release_startup_heap() -> None:
    gc.unfreeze()
