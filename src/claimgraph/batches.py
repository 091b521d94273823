"""Batches of an iterable (ids per ``IN (...)`` list, records per transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

IN_CHUNK = 500  # ids per IN (...) list


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """Lists of ``size`` values in order (the last may be shorter)."""
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
