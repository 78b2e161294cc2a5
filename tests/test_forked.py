"""techserve.forked: work done in a child gives what it would give in place, and a child that
gives nothing (it failed, or was killed) leaves the parent to compute it itself."""

from __future__ import annotations

import os

import pytest

from techserve import forked


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch):
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)  # the suite's idle threads


def test_the_childs_result_is_the_one_used():
    parent = os.getpid()
    wait = forked.beside(lambda: ("computed in", os.getpid() == parent))
    assert wait() == ("computed in", False)


def test_a_child_that_fails_leaves_the_work_to_the_parent():
    parent = os.getpid()

    def compute():
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "in place"

    assert forked.beside(compute)() == "in place"


def test_no_fork_where_it_is_not_safe(monkeypatch):
    parent = os.getpid()
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    assert forked.beside(lambda: os.getpid() == parent)() is True
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    monkeypatch.setenv("TECHSERVE_FORK", "off")
    assert forked.beside(lambda: os.getpid() == parent)() is True
