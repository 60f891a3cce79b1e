"""How the server's processes end when the process that started them is gone.

A web worker (started by granian's main process), a query executor or the writer (started by a
web worker) busy with its work does not notice that its parent died: a `kill -9` of the server
would leave them serving, holding the port and the store's lock, so that the next `frontline
serve` cannot start. Each watches its parent instead, and ends itself once it has been
re-parented.
"""

from __future__ import annotations

import os
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
