"""Extraction for the web server, in worker processes with a time and a concurrency limit.

Parsing is CPU work that holds the GIL: run in the server's own threads, one long or
hostile posted text made every other request wait (a 20 KB run of punctuation froze the
server for 85 s, and SIGTERM could not stop it). Here each extraction runs in a separate
process that loads spaCy once and answers one request at a time:

- the server's thread only waits on a pipe (no GIL held), so pages keep answering;
- at most ``settings.web_extract_workers`` extractions run at once; a request that finds
  every worker busy for ``web_extract_wait_s`` gets :class:`Busy` (HTTP 503);
- an extraction that runs past ``web_extract_timeout_s`` gets :class:`TimedOut` (HTTP 503)
  and its worker is killed and replaced, so nothing keeps running behind the answer.

Workers start with the server (``start()``, so the first request does not pay for loading
the model) or on first use.
"""

from __future__ import annotations

import atexit
import importlib
import queue
import threading
import time
import weakref
from typing import TYPE_CHECKING, Any

from claimgraph import errors
from claimgraph.errors import ClaimgraphError
from claimgraph.settings import get_settings

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

#: How long a new worker may take to import claimgraph and load the model
STARTUP_TIMEOUT_S = 120.0


class Busy(ClaimgraphError):
    """Every extraction worker stayed busy for the wait limit."""


class TimedOut(ClaimgraphError):
    """An extraction ran past the time limit; its worker was stopped."""


def _worker_main(conn: Connection) -> None:
    """A worker process: load the model once, then run (module, function, args) requests."""
    try:
        from claimgraph.pipeline import warm_up

        warm_up()
        conn.send(("ready", None))
    except Exception as exc:  # the model cannot load: say so once, then exit
        conn.send(("error", (type(exc).__name__, str(exc))))
        return
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        module, name, args, kwargs = request
        try:
            result = getattr(importlib.import_module(module), name)(*args, **kwargs)
            conn.send(("ok", result))
        except ClaimgraphError as exc:
            conn.send(("error", (type(exc).__name__, str(exc))))
        except Exception as exc:  # a bug: one line to the client, the worker goes on
            conn.send(("error", ("ClaimgraphError", f"extraction failed: {exc!r}")))


def _rebuild(name: str, message: str) -> ClaimgraphError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, ClaimgraphError)):
        cls = ClaimgraphError
    exc = cls.__new__(cls)
    exc.args = (message,)
    if isinstance(exc, errors.InputError):
        exc.source = None
    return exc


class _Worker:
    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child,), name="claimgraph-extract", daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(STARTUP_TIMEOUT_S):
            self.stop()
            raise TimedOut("the extraction worker did not start")
        status, payload = self.conn.recv()
        if status != "ready":
            self.stop()
            raise _rebuild(*payload)
        self.ready = True

    def call(self, module: str, name: str, args: tuple, kwargs: dict, timeout: float) -> Any:
        self.wait_ready()
        self.conn.send((module, name, args, kwargs))
        if not self.conn.poll(timeout):
            self.stop()
            raise TimedOut("extraction past its time limit")
        status, payload = self.conn.recv()
        if status == "error":
            raise _rebuild(*payload)
        return payload

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ExtractionWorkers:
    """A fixed number of extraction worker processes (see the module docstring)."""

    def __init__(
        self,
        processes: int | None = None,
        *,
        timeout_s: float | None = None,
        wait_s: float | None = None,
    ) -> None:
        settings = get_settings()
        self.processes = max(1, processes or settings.web_extract_workers)
        self.timeout_s = timeout_s or settings.web_extract_timeout_s
        self.wait_s = wait_s if wait_s is not None else settings.web_extract_wait_s
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._started = False
        self._all: weakref.WeakSet[_Worker] = weakref.WeakSet()
        atexit.register(self.close)

    def start(self) -> None:
        """Start every worker now (they load the model in the background)."""
        with self._lock:
            if self._started:
                return
            self._started = True
            for _ in range(self.processes):
                self._idle.put(self._new())

    def _new(self) -> _Worker:
        worker = _Worker()
        self._all.add(worker)
        return worker

    def call(self, module: str, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run ``module.name(*args, **kwargs)`` in a worker; blocks the calling thread only
        (the GIL is released while it waits). Raises Busy, TimedOut or the function's own
        ClaimgraphError."""
        self.start()
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise Busy(
                f"every extraction worker is busy (waited {self.wait_s:g} s); try again"
            ) from None
        if worker is None or not worker.alive:
            worker = self._new()
        try:
            remaining = self.timeout_s - (time.monotonic() - started)
            result = worker.call(module, name, args, kwargs, max(remaining, 1.0))
        except TimedOut as exc:
            self._idle.put(None)  # replaced on next use: nothing runs behind the answer
            if not worker.ready:
                raise
            raise TimedOut(
                f"extraction took longer than {self.timeout_s:g} s and was stopped"
            ) from exc
        except BaseException:
            self._idle.put(worker if worker.alive else None)
            raise
        self._idle.put(worker)
        return result

    def close(self) -> None:
        for worker in list(self._all):
            try:
                if worker.alive and worker.ready:
                    worker.conn.send(None)
            except OSError:
                pass
            worker.stop()
