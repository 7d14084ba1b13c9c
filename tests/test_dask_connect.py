"""Joining a Dask scheduler fails at once, in one line, when nothing Dask-like answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from simulator.execution import dask_connect
from simulator.execution.dask_connect import probe, split_address
from simulator.values.errors import ScenarioError


@contextmanager
def server(answer: bytes | None) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that sends ``answer`` to each client (None: stays silent)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port, stop = listener.getsockname()[1], threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:  # answer, then hang up; or say nothing until the test ends
                if answer is None:
                    stop.wait(3)
                else:
                    client.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]  # closed when the block ends


def refused_within(seconds: float, port: int) -> str:
    started = time.monotonic()
    with pytest.raises(ScenarioError) as caught:
        probe("127.0.0.1", port, f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - started < seconds
    assert caught.value.file == "--dask"
    return caught.value.line()


def test_a_closed_port_fails_at_once():
    """Nothing listening: refused in well under the 2 s a user should wait, not 30 s."""
    assert "cannot connect" in refused_within(2.0, closed_port())


def test_a_server_answering_garbage_is_not_trusted_with_its_sizes():
    """The first 8 bytes announce 2**64 - 1 bytes: refused, nothing allocated."""
    with server(b"\xff" * 64) as port:
        assert "does not answer like a Dask scheduler" in refused_within(2.0, port)


def test_a_server_that_closes_at_once_is_refused():
    """A server that says nothing and hangs up is not a scheduler either."""
    with server(b"") as port:
        assert "does not answer like a Dask scheduler" in refused_within(2.0, port)


def test_a_silent_server_is_given_up_after_the_connect_timeout(monkeypatch):
    """A server that accepts and never speaks: refused after DASK_CONNECT_SECONDS."""
    monkeypatch.setattr(dask_connect, "DASK_CONNECT_SECONDS", 0.5)
    with server(None) as port:
        assert "no answer within 0.5 s" in refused_within(2.0, port)


def test_a_plausible_handshake_size_passes_the_probe():
    """A frame announcing a few hundred bytes is what a scheduler sends first."""
    with server((300).to_bytes(8, "little") + b"x" * 300) as port:
        probe("127.0.0.1", port, f"tcp://127.0.0.1:{port}")


@pytest.mark.parametrize(
    "address, parts",
    [("tcp://10.0.0.1:8786", ("tcp", "10.0.0.1", 8786)), ("[::1]:8786", ("tcp", "::1", 8786))],
)
def test_addresses_are_split_into_scheme_host_and_port(address, parts):
    """A missing scheme is tcp; an IPv6 host loses its brackets."""
    assert split_address(address) == parts
