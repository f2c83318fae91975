"""An independent numpy implementation of PHE's slope index of inequality and its simulated
interval, with the project's quasi-random draws (the slope_index_simulated macro's design)
or with pseudo-random ones: the reference the macro is tested against."""
from __future__ import annotations

import numpy as np


def primes(count: int) -> list[int]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
        candidate += 1
    return found


def quasi_random_normals(draws: int, dimensions: int) -> np.ndarray:
    """(draws, dimensions) normal deviates: Kronecker sequence with increments frac(sqrt(p))
    of the first 2 x dimensions primes, two per dimension, through Box-Muller."""
    root = np.sqrt(np.array(primes(2 * dimensions), dtype=float))
    increments = root - np.floor(root)
    r = np.arange(1, draws + 1, dtype=float)[:, None]
    u = r * increments[None, :] - np.floor(r * increments[None, :])
    return np.sqrt(-2 * np.log(u[:, 0::2])) * np.cos(6.283185307179586 * u[:, 1::2])


def slope_index(values, ses, populations, reverse_sign=False, draws=10000, normals=None):
    """(slope, lower, upper) with quantiles in order from most deprived (first) to least;
    reverse_sign ranks from the least deprived."""
    y, se, pop = (np.asarray(a, dtype=float) for a in (values, ses, populations))
    if reverse_sign:
        y, se, pop = y[::-1], se[::-1], pop[::-1]
    w = pop / pop.sum()
    x = np.cumsum(pop) / pop.sum() - w / 2
    mx = (w * x).sum()
    sxx = (w * x * x).sum() - mx * mx
    coef = w * (x - mx) / sxx
    slope = (coef * (y - (w * y).sum())).sum()
    z = quasi_random_normals(draws, len(y)) if normals is None else normals
    deviation = z @ (coef * se)
    lower, upper = np.quantile(deviation, [0.025, 0.975])  # numpy's default is R's type 7
    return slope, slope + lower, slope + upper
