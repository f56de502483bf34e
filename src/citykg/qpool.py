"""Pre-forked, persistent query worker processes for ``citykg serve`` (issue 12).

Why processes: Oxigraph cannot cancel a query, a process can be killed; so a query runs in
a worker that is SIGKILLed when its deadline passes or its client hangs up, and replaced.

Why persistent: ``serve`` used to fork a child per query. Measured at 650k triples (the
join of ``bench/bench_query.py``), the fork itself costs 0.05 s, but a fresh child's first
query pays about 50,000 copy-on-write and first-touch page faults (0.4-0.9 s, whatever the
query) that its second query does not. So workers are forked once the stores are loaded,
warmed by one scan of each store (which takes those faults before any client waits), and
reused: the most recently used idle worker is taken first, so sequential queries land on
the same warm process. One spare is kept ready beside the workers in use, at most one
worker per connection thread; a killed worker is replaced in the background by a keeper
thread, which does every fork.

Workers die with the server: they exit when their socket reaches end of file (the server
closed it), the server kills them on close, and on Linux the kernel kills them if the
keeper thread that forked them dies (``PR_SET_PDEATHSIG``), even when the server is
SIGKILLed mid-query.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

log = logging.getLogger(__name__)

#: ``evaluate(query, accept) -> (status, body, media type)``, run inside a worker.
Evaluate = Callable[[str, str], tuple[int, bytes, str]]
_REQUEST = struct.Struct("!I")  # then that many bytes of JSON {"q": query, "a": accept}
_REPLY = struct.Struct("!HHQ")  # status, media length, body length; then media, body
_READY = b"R"
_PR_SET_PDEATHSIG = 1


@dataclass
class Worker:
    """One worker process and the server's end of its socket."""

    pid: int
    sock: socket.socket
    queries: int = 0
    reaped: bool = False  # waited for: its pid may belong to another process now


@dataclass(frozen=True)
class Answer:
    """A query's outcome; ``status`` is ``None`` when the client left (nobody to answer)."""

    status: int | None
    body: bytes
    media: str
    worker: int = 0  # the pid that evaluated it (0: none did)


class QueryPool:
    """Workers that evaluate queries under a deadline; see the module docstring.

    ``evaluate`` and ``warm`` run in the workers, on the memory they share with the server
    at fork time (the loaded stores); ``size`` bounds the workers alive at once (one per
    connection thread is enough: a thread waits for one answer at a time).
    """

    def __init__(
        self,
        evaluate: Evaluate,
        warm: Callable[[], None],
        *,
        size: int,
        spare: int = 1,
        ready_timeout: float = 120.0,
    ) -> None:
        self._evaluate, self._warm = evaluate, warm
        self.size = max(1, size)
        self.spare = max(0, min(spare, self.size - 1))
        self._ready_timeout = ready_timeout
        self._idle: list[Worker] = []  # a stack: the last released is the warmest
        self._busy: dict[int, Worker] = {}
        self._starting = 0
        self._closed = False
        self._cond = threading.Condition()
        self.counts = {"started": 0, "replaced": 0, "queries": 0}
        self._keeper = threading.Thread(target=self._keep, name="citykg-query-pool", daemon=True)
        self._keeper.start()

    # ---------------------------------------------------------------- server side
    def wait_ready(self, seconds: float) -> bool:
        """Wait until the first workers (one, plus the spare) are ready."""
        want = min(self.size, 1 + self.spare)
        end = time.monotonic() + seconds
        with self._cond:
            while len(self._idle) < want and not self._closed:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return not self._closed

    def run(self, query: str, accept: str, seconds: float, client: socket.socket | None) -> Answer:
        """Evaluate in a worker; 503 after ``seconds`` (waiting for a worker included)."""
        deadline = time.monotonic() + seconds
        timed_out = Answer(
            HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {seconds:g} s".encode(), ""
        )
        request = json.dumps({"q": query, "a": accept}).encode("utf-8")
        while True:
            worker = self._acquire(deadline)
            if worker is None:
                return timed_out
            try:
                worker.sock.sendall(_REQUEST.pack(len(request)) + request)
                break
            except OSError:  # it died while idle (killed from outside): the next one
                self._drop(worker)
        reply = _collect(worker.sock, deadline, client)
        if reply == "timeout":
            self._drop(worker)
            return timed_out
        if reply == "gone":
            self._drop(worker)
            return Answer(None, b"", "", worker.pid)
        if reply is None:
            self._drop(worker)
            return Answer(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                b"query failed: the query worker died during the evaluation",
                "",
                worker.pid,
            )
        with self._cond:
            worker.queries += 1
            self.counts["queries"] += 1
            self._busy.pop(worker.pid, None)
            if self._closed:
                _kill(worker)
            else:
                self._idle.append(worker)
            self._cond.notify_all()
        status, media, body = reply
        return Answer(status, body, media, worker.pid)

    def status(self) -> dict:
        """What ``/status`` shows: the workers' pids by state and the counters."""
        with self._cond:
            return {
                "size": self.size,
                "spare": self.spare,
                "idle": [w.pid for w in reversed(self._idle)],  # the next one to serve first
                "busy": sorted(self._busy),
                "starting": self._starting,
                **self.counts,
            }

    def close(self) -> None:
        """Kill every worker and stop the keeper."""
        with self._cond:
            self._closed = True
            idle, busy = list(self._idle), list(self._busy.values())
            self._idle.clear()
            self._cond.notify_all()
        for worker in idle:
            _kill(worker)
        for worker in busy:  # their threads see the end of file, then reap them
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGKILL)
        self._keeper.join(timeout=5)

    def _acquire(self, deadline: float) -> Worker | None:
        with self._cond:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if _alive(worker):
                        self._busy[worker.pid] = worker
                        self._cond.notify_all()  # the keeper may want a new spare
                        return worker
                    self.counts["replaced"] += 1
                    _kill(worker)
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    return None
                self._cond.notify_all()
                self._cond.wait(left)

    def _drop(self, worker: Worker) -> None:
        """Kill a worker (timed out, client gone, dead) and have the keeper replace it."""
        _kill(worker)
        with self._cond:
            self._busy.pop(worker.pid, None)
            self.counts["replaced"] += 1
            self._cond.notify_all()

    # ---------------------------------------------------------------- keeper thread
    def _wanted(self) -> bool:
        total = len(self._idle) + len(self._busy) + self._starting
        if total >= self.size:
            return False
        # the first workers (one to serve, the spare), then a spare beside those in use
        return total < 1 + self.spare or len(self._idle) + self._starting < self.spare

    def _keep(self) -> None:
        """Fork workers whenever fewer than the spare are idle (never above ``size``)."""
        while True:
            with self._cond:
                while not self._closed and not self._wanted():
                    self._cond.wait(2.0)
                    self._sweep()
                if self._closed:
                    return
                self._starting += 1
            worker = None
            try:
                worker = self._spawn()
            except Exception as exc:  # a failed fork must not end the keeper
                log.warning("serve: cannot start a query worker: %s", exc)
            with self._cond:
                self._starting -= 1
                if worker is not None and not self._closed:
                    self._idle.insert(0, worker)  # behind the warm ones
                    self.counts["started"] += 1
                elif worker is not None:
                    _kill(worker)
                self._cond.notify_all()
            if worker is None:
                time.sleep(1.0)  # do not spin on a failing fork

    def _sweep(self) -> None:
        """Reap idle workers that died (killed from outside), so they are replaced before
        a query needs them. Called with the lock held."""
        dead = [w for w in self._idle if not _alive(w)]
        for worker in dead:
            self._idle.remove(worker)
            self.counts["replaced"] += 1
            _kill(worker)

    def _spawn(self) -> Worker:
        ours, theirs = socket.socketpair()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child (tests observe it over HTTP)
            code = 0
            try:
                _worker_main(theirs, parent, self._evaluate, self._warm)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        theirs.close()
        worker = Worker(pid, ours)
        ours.settimeout(self._ready_timeout)
        try:
            ready = ours.recv(1) == _READY
        except OSError:
            ready = False
        if not ready:
            _kill(worker)
            raise OSError(f"worker {pid} did not become ready")
        ours.settimeout(None)
        return worker


# -------------------------------------------------------------------- worker side


def _worker_main(sock: socket.socket, parent: int, evaluate: Evaluate, warm) -> None:
    """Warm up, say ready, then answer requests until the server closes the socket."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's; it kills us
    _close_sockets(keep=sock.fileno())  # connections are the server's: a hang-up reaches it
    warm()
    sock.sendall(_READY)
    while True:
        head = _recv_exactly(sock, _REQUEST.size)
        if head is None:
            return
        body = _recv_exactly(sock, _REQUEST.unpack(head)[0])
        if body is None:
            return
        request = json.loads(body)
        try:
            status, data, media = evaluate(request["q"], request["a"])
        except Exception as exc:  # evaluate answers its own errors; this is a bug
            status, data, media = 500, f"query failed: {exc}".encode()[:300], ""
        raw_media = media.encode()
        sock.sendall(_REPLY.pack(int(status), len(raw_media), len(data)) + raw_media)
        sock.sendall(data)


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(0)


def _close_sockets(keep: int) -> None:
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        with contextlib.suppress(OSError, ValueError):
            fd = int(name)
            if fd != keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


# -------------------------------------------------------------------- helpers


def _collect(
    sock: socket.socket, deadline: float, client: socket.socket | None
) -> tuple[int, str, bytes] | str | None:
    """A worker's reply, ``"timeout"``, ``"gone"`` (client hung up) or ``None`` (died)."""
    buf = bytearray()
    need = _REPLY.size
    head: tuple[int, int, int] | None = None
    watch = [sock] if client is None else [sock, client]
    while len(buf) < need or head is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout"
        ready, _, _ = select.select(watch, [], [], left)
        if client is not None and client in ready:
            if _client_gone(client):
                return "gone"
            watch = [sock]  # a pipelined request waits its turn; stop watching
        if sock in ready:
            try:
                chunk = sock.recv(min(max(1 << 16, need - len(buf)), 1 << 22))
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        if head is None and len(buf) >= _REPLY.size:
            head = _REPLY.unpack_from(buf)
            need = _REPLY.size + head[1] + head[2]
    status, media_len, _ = head
    media = bytes(buf[_REPLY.size : _REPLY.size + media_len]).decode()
    return status, media, bytes(buf[_REPLY.size + media_len :])


def _alive(worker: Worker) -> bool:
    """An idle worker never writes: a readable socket means end of file (it died)."""
    try:
        ready, _, _ = select.select([worker.sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not ready


def _kill(worker: Worker) -> None:
    """SIGKILL, reap and close, once: only the thread that holds the worker calls this."""
    if worker.reaped:
        return
    worker.reaped = True
    with contextlib.suppress(OSError):
        os.kill(worker.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(worker.pid, 0)
    with contextlib.suppress(OSError):
        worker.sock.close()


def _client_gone(sock: socket.socket) -> bool:
    """A readable client socket with nothing to read has closed its side."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
