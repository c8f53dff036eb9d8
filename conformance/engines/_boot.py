"""The first code a spawned worker of the fast engine runs, before polars is imported in it.

Why a module of its own: polars sizes its thread pool when it is first imported, and unpickling the schema
set imports it. N workers on N cores, each with a pool as wide as the machine, oversubscribe the cores, so
each worker gets its share of them (unless the user set ``POLARS_MAX_THREADS``) before anything else loads.
Only the standard library is imported here.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal

__all__ = ["boot"]


def boot(state: bytes, workers: int, init: str) -> None:
    """Set the worker up: its share of the cores for polars, Ctrl-C left to the main process (it reaches
    the whole process group; the main process then stops the pool), then ``init`` ("module:function", named
    so that nothing is imported before this runs) with the run's schema set and options."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    os.environ.setdefault("POLARS_MAX_THREADS", str(max(1, cores // max(1, workers))))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    module, function = init.split(":")
    schema, options = pickle.loads(state)  # the main process's own pickle of its schema set and options
    getattr(importlib.import_module(module), function)(schema, options)
