"""Queueing-theory formulas the engine is validated against (pure functions).

Erlang C for M/M/c, Pollaczek–Khinchine for M/G/1, and the traffic equations of an
open Jackson network (whose stations then behave as independent M/M/c queues).
"""

from __future__ import annotations

import math

import numpy as np


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits in M/M/c, with offered load a = lambda/mu < c."""
    if not 0 <= offered_load < servers:
        raise ValueError("the offered load must be in [0, servers) for a stable queue")
    # The Erlang B recursion is numerically stable for large c, then C follows from B.
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    rho = offered_load / servers
    return blocking / (1 - rho + rho * blocking)


def mmc_wait_mean(arrival_rate: float, service_mean: float, servers: int) -> float:
    """Mean time in queue (before service) of an M/M/c queue."""
    offered = arrival_rate * service_mean
    service_rate = 1.0 / service_mean
    return erlang_c(servers, offered) / (servers * service_rate - arrival_rate)


def mg1_wait_mean(arrival_rate: float, service_mean: float, service_variance: float) -> float:
    """Pollaczek–Khinchine mean time in queue of M/G/1: lambda E[S^2] / (2 (1 - rho))."""
    rho = arrival_rate * service_mean
    if not 0 <= rho < 1:
        raise ValueError("the load must be in [0, 1) for a stable M/G/1 queue")
    second_moment = service_variance + service_mean**2
    return arrival_rate * second_moment / (2 * (1 - rho))


def jackson_arrival_rates(external: np.ndarray, routing: np.ndarray) -> np.ndarray:
    """Solve lambda = external + routing^T lambda for the total arrival rate at each station.

    ``routing[i, j]`` is the probability of going from station i to station j.
    """
    size = len(external)
    rates = np.linalg.solve(np.eye(size) - np.asarray(routing).T, np.asarray(external, float))
    if np.any(rates < -1e-12) or not np.all(np.isfinite(rates)):
        raise ValueError("the routing matrix does not let customers leave")
    return rates


def littles_law_gap(queue_length_mean: float, arrival_rate: float, wait_mean: float) -> float:
    """L - lambda W: zero (up to edge effects) for any stable station observed long enough."""
    return queue_length_mean - arrival_rate * wait_mean


def is_stable(arrival_rate: float, service_mean: float, servers: int) -> bool:
    return arrival_rate * service_mean < servers and math.isfinite(arrival_rate)
