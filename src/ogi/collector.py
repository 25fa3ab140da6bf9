"""Python's cycle collector paused while one report is read."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the block, where it was on (and on again after, also on
    an error). Reading a report makes many small tuples, lists and strings that form no
    cycles, and each collection they set off also walks every object alive (the loaded
    models); what cycles a report makes are collected after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
