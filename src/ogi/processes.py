"""What every worker process of ogi does first: end itself when its parent is gone, so that
killing `ogi` (even with kill -9) leaves nothing running. Linux tells the worker at once
(PR_SET_PDEATHSIG); elsewhere, and as a fallback, a thread checks the parent every second."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """End this process when the process `parent` (its parent's pid) is gone."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
