"""Answers kept for the state of the store they were computed on, up to a memory budget.

The same questions come to an endpoint again and again: a town in the news on a date, the
example page's queries, a dashboard that polls. A read-only store does not change while it is
served, and a writable server makes a new state of the store with every committed write, so an
answer computed once for a state can be sent again, as it is, for as long as that state is the
one being read. Each web worker keeps the answers it computed, the least recently used going
first when the budget is spent; an answer larger than a sixteenth of the budget is not kept, so
that one listing of the whole store does not push out hundreds of small answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

CACHE_HEADER = "X-Frontline-Cache"  # on a query's reply: "hit" when it was kept from an earlier request, else "miss"


class Kept:
    def __init__(self, budget_bytes: int) -> None:
        self.budget = max(0, budget_bytes)
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        """Keep `value` (about `size` bytes) under `key`, unless it is too large to be worth it."""
        if size > self.budget // 16:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._used -= old[1]
            self._entries[key] = (value, size)
            self._used += size
            while self._used > self.budget:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._used -= dropped

    def __len__(self) -> int:
        return len(self._entries)
