"""The clock both benchmark scripts time with."""

from __future__ import annotations

import time


def clock() -> float:
    """Seconds of CPU time this thread has used.

    Every engine benchmarked here runs on one thread (numpy's BLAS and torch
    are held to one), so the CPU time of the thread is the work done, and
    unlike the wall clock it does not count the time a shared machine gives
    to other processes: on a loaded 2-core machine, wall-clock ratios swung
    by +-50% between runs, CPU-time ratios by about 10% (the other processes
    still share the caches and the core's second hyperthread).
    """
    return time.thread_time()
