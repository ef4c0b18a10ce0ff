"""The work sharing of :mod:`curriculum_tools.workers` and the batch parser built on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from curriculum_tools import batch, workers
from curriculum_tools.model import Document

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="needs fork")


def pid_of(chunk: list[int]) -> tuple[list[int], int]:
    return [n * n for n in chunk], os.getpid()


def test_results_come_back_in_chunk_order_from_workers_and_this_process() -> None:
    chunks = [[n, n + 1] for n in range(0, 200, 2)]
    ran: list[str] = []
    results = workers.shared(pid_of, chunks, 2, meanwhile=lambda: ran.append("meanwhile"))
    assert [r for r, _ in results] == [[n * n for n in c] for c in chunks]
    assert ran == ["meanwhile"]
    pids = {pid for _, pid in results}
    assert len(pids) <= 2  # one worker and this process, never more


def test_one_process_runs_everything_here() -> None:
    results = workers.shared(pid_of, [[1], [2]], 1)
    assert {pid for _, pid in results} == {os.getpid()}


def failing(chunk: list[int]) -> list[int]:
    if 13 in chunk:
        raise ValueError("chunk 13")
    return chunk


def test_an_error_in_a_chunk_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="chunk 13"):
        workers.shared(failing, [[n] for n in range(40)], 2)


def test_parallel_parse_equals_the_serial_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        f"# Title {n}\n\nSome *text* {n} with `code` and [a link](x{n}.md).\n" for n in range(40)
    ]
    items = []
    for n, text in enumerate(texts):
        path = tmp_path / f"d{n:02}.md"
        path.write_text(text * (1 + n % 7), encoding="utf-8")
        items.append((path, "en", path.name))
    monkeypatch.setattr(workers, "cores", lambda: 2)
    original = batch.parse_data

    def spy(*args: object, **kwargs: object) -> batch.Outcome:
        outcome = original(*args, **kwargs)  # type: ignore[arg-type]
        if isinstance(outcome, Document):
            outcome.front_matter["pid"] = os.getpid()
        return outcome

    monkeypatch.setattr(batch, "parse_data", spy)
    serial = batch.parse_many(items[:1], cache=False) + batch.parse_many(items[1:5], cache=False)
    parallel = batch.parse_many(items, cache=False)
    assert len(parallel) == 40
    pids = {d.front_matter["pid"] for d in parallel if isinstance(d, Document)}
    assert os.getpid() in pids and len(pids) == 2  # a forked worker and this process
    for outcome, (path, _, rel) in zip(parallel, items, strict=True):
        assert isinstance(outcome, Document) and outcome.path == path and outcome.rel == rel
    assert [d.walk()[0].title for d in parallel[:5]] == [d.walk()[0].title for d in serial]  # type: ignore[union-attr]
    assert [d.walk()[0].title for d in parallel] == [f"Title {n}" for n in range(40)]  # type: ignore[union-attr]
