"""Joining a Dask scheduler without hanging: a bounded probe, then a client with a timeout.

``distributed.Client(address)`` retries a refused connection for its whole connect timeout
(30 s by default), and it trusts the first 8 bytes the peer sends as the size of the
handshake to allocate: a server answering garbage makes it allocate exabytes. So before
the client is made, a plain TCP probe (``DASK_CONNECT_SECONDS`` at most) checks that
something listens at the address and that its first frame announces a plausible size (a
scheduler writes its handshake, a few hundred bytes, as soon as it accepts). The client
is then made with the same timeout, in ``distributed.comm.timeouts.connect`` too.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any

from simulator.values.errors import ScenarioError
from simulator.values.limits import DASK_CONNECT_SECONDS

if TYPE_CHECKING:
    import socket

MAX_HANDSHAKE_BYTES = 1 << 20  # a handshake is a small dict; more is not a Dask scheduler
_FRAME_SIZE = struct.Struct("Q")  # distributed's frame header: native unsigned 64-bit


def connect(distributed: Any, address: str) -> Any:
    """A ``distributed.Client`` on the scheduler at ``address``; exit 2 if there is none."""
    scheme, host, port = split_address(address)
    if scheme == "tcp":  # other schemes (tls, ws) speak their own protocol before Dask's
        probe(host, port, address)
    import dask.config  # installed with distributed, which the caller has imported

    timeout = f"{DASK_CONNECT_SECONDS}s"
    with dask.config.set({"distributed.comm.timeouts.connect": timeout}):
        try:
            return distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError) as error:
            raise _refused(address, f"no Dask scheduler answered ({error})") from None


def split_address(address: str) -> tuple[str, str, int]:
    """``tcp://host:8786`` -> ("tcp", "host", 8786); a missing scheme is tcp."""
    scheme, _, rest = address.rpartition("://")
    host, _, port_text = rest.rpartition(":")
    port = int(port_text)
    if not 0 < port < 65536:
        raise _refused(address, "the port must be between 1 and 65535")
    return scheme or "tcp", host.strip("[]"), port


def probe(host: str, port: int, address: str) -> None:
    """Fail in at most DASK_CONNECT_SECONDS unless a Dask-like server answers there."""
    import socket  # here: only --dask needs it, and every run imports this module (start-up)

    try:
        with socket.create_connection((host, port), timeout=DASK_CONNECT_SECONDS) as stream:
            header = _read_exactly(stream, _FRAME_SIZE.size)
    except TimeoutError:
        raise _refused(address, f"no answer within {DASK_CONNECT_SECONDS} s") from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _refused(address, f"cannot connect ({reason})") from None
    (size,) = _FRAME_SIZE.unpack(header) if len(header) == _FRAME_SIZE.size else (None,)
    if size is None or size > MAX_HANDSHAKE_BYTES:
        raise _refused(address, "the server there does not answer like a Dask scheduler")


def _read_exactly(stream: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = stream.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _refused(address: str, reason: str) -> ScenarioError:
    return ScenarioError("--dask", "", address, f"{reason}; give a running scheduler or local")
