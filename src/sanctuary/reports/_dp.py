"""Differentially private counts through OpenDP (the optional ``dp`` extra).

Each population gets an equal share of epsilon. One case changes, in its population, the grand
total, one category of each margin and one cell of each two-way table, at most
``records_per_case`` times (a case has at most one duty of each kind): that many counts, by one
each, is the L1 sensitivity. OpenDP's discrete Laplace (geometric) mechanism adds integer noise
of scale sensitivity / share to every count; negative results are shown as zero (post-processing,
which keeps the guarantee).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sanctuary.model import InputError

from ._tables import Count, Population

MECHANISM = "discrete Laplace (geometric) noise, OpenDP"


def _counts(population: Population) -> list[Count]:
    found: list[Count] = [population.total]
    for margin in population.margins.values():
        found.extend(margin)
    for table in population.tables:
        for row in table.cells or ():
            found.extend(row)
    return found


def check_epsilon(epsilon: float) -> None:
    """InputError unless ``epsilon`` is a positive finite number (callers check before loading data)."""
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise InputError("--epsilon must be a positive number, not {epsilon!r}; e.g. --epsilon 1.0.", epsilon=epsilon)


def add_noise(populations: Sequence[Population], epsilon: float) -> dict[str, Any]:
    """Set ``noisy`` on every count; returns what the report states about the mechanism."""
    check_epsilon(epsilon)
    try:
        import opendp.prelude as dp
    except ImportError:
        raise InputError(
            "--epsilon needs OpenDP, which is not installed; install the optional extra "
            "(pip install 'sanctuary[dp]') or leave out --epsilon to publish suppressed exact counts."
        ) from None
    dp.enable_features("contrib")
    share = epsilon / len(populations)
    stated: list[dict[str, Any]] = []
    for population in populations:
        counts = _counts(population)
        two_way = sum(1 for table in population.tables if table.cells is not None)
        sensitivity = (1 + len(population.margins) + two_way) * population.records_per_case
        scale = sensitivity / share
        measurement = dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)
        spent = float(measurement.map(sensitivity))  # type: ignore[no-untyped-call]
        if spent > share * (1 + 1e-9):  # pragma: no cover - OpenDP's own accounting disagrees
            raise RuntimeError(f"the noise spends epsilon {spent}, more than its share {share}")
        noisy = measurement([count.value for count in counts])
        for count, value in zip(counts, noisy, strict=True):
            count.noisy = max(0, int(value))
        stated.append({"population": population.id, "epsilon": share, "sensitivity": sensitivity, "scale": scale})
    return {"epsilon": epsilon, "mechanism": MECHANISM, "populations": stated}
