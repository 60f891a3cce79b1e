"""How the server's child processes (query executors, the writer) begin and end.

They begin alike: Ctrl-C in a terminal is for the server, which ends them; they watch their
parent; they open what they need and tell their parent, over their pipe, whether they are ready.

A web worker (started by granian's main process), a query executor or the writer (started by a
web worker) busy with its work does not notice that its parent died: a `kill -9` of the server
would leave them serving, holding the port and the store's lock, so that the next `frontline
serve` cannot start. Each watches its parent instead, and ends itself once it has been
re-parented.
"""

from __future__ import annotations

import os
import signal
import threading
import time


def end_with_parent(parent: int | None = None, every: float = 0.5) -> None:
    """Watch, in a daemon thread, for this process's parent to go, and then end the process at
    once (os._exit: the parent is gone, there is nobody left to clean up for)."""
    parent = os.getppid() if parent is None else parent

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def begin_child(parent: int) -> None:
    """What every child process does first: leave Ctrl-C to the server, and end with its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)


def say_ready(conn, started: tuple) -> bool:
    """Tell the parent how starting went (("ready", ...) or ("failed", why, ...)); True when the
    child may go on to its work. A parent that died meanwhile leaves no one to work for."""
    try:
        conn.send(started)
    except OSError:
        return False
    return started[0] == "ready"
