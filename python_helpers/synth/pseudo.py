"""Synthetic NHS numbers and their keyed-hash pseudonyms.

Both partners pseudonymise with the same keyed hash (HMAC-SHA256, one shared key), so the
hospital NHS_NUMBER and the council NHS ID of one person are the same 64-character hex
string, up to the case and white-space variation real extracts show. Mosaic person IDs and
household keys are pseudonymised the same way from other synthetic identifiers.
"""
from __future__ import annotations

import hmac

import numpy as np

from python_helpers.synth.config import PSEUDONYM_KEY
from python_helpers.synth.vec import text_lower

_WEIGHTS = np.arange(10, 1, -1)  # NHS number Modulus 11 weights of digits 1..9

LOWER, SPACED = 1, 2  # variation kinds


def nhs_check_digit(first9: np.ndarray) -> np.ndarray:
    """Modulus 11 check digit of 9-digit numbers; 10 means the number cannot be issued."""
    digits = (np.asarray(first9, dtype="int64")[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    check = 11 - (digits * _WEIGHTS).sum(axis=1) % 11
    return np.where(check == 11, 0, check)


def synthetic_nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct valid 10-digit NHS numbers in the 9xx xxx xxxx range, which England does
    not issue to patients, so no real person's number can appear."""
    out = np.empty(0, dtype="int64")
    while len(out) < n:
        first9 = 900_000_000 + rng.integers(0, 100_000_000, size=int((n - len(out)) * 1.2) + 16)
        check = nhs_check_digit(first9)
        ok = check != 10
        out = np.concatenate([out, first9[ok] * 10 + check[ok]])
        _, first = np.unique(out, return_index=True)
        out = out[np.sort(first)]
    return out[:n].astype(str).astype(object)


def pseudonymise(values: np.ndarray, namespace: str = "") -> np.ndarray:
    """Upper-case hex HMAC-SHA256 of each value (with an optional namespace prefix)."""
    prefix = namespace.encode("utf-8")
    return np.array([hmac.digest(PSEUDONYM_KEY, prefix + str(v).encode("utf-8"), "sha256").hex().upper()
                     for v in values], dtype=object)


def vary(rng: np.random.Generator, values: np.ndarray, lower_rate: float, space_rate: float,
         eligible: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Lower-case some values and pad others with spaces, as extracts from different systems
    do. Returns the varied values and the kind of variation of each (0, LOWER or SPACED).
    Exactly round(rate * n) rows get each kind, among the eligible rows."""
    n = len(values)
    kind = np.zeros(n, dtype="int8")
    pool = np.flatnonzero(eligible) if eligible is not None else np.arange(n)
    n_lower = min(len(pool), int(round(lower_rate * n)))
    n_space = min(len(pool) - n_lower, int(round(space_rate * n)))
    chosen = rng.permutation(pool)[: n_lower + n_space]
    kind[chosen[:n_lower]] = LOWER
    kind[chosen[n_lower:]] = SPACED
    out = np.array(values, dtype=object)
    idx = np.flatnonzero(kind == LOWER)
    out[idx] = text_lower(out[idx])
    idx = np.flatnonzero(kind == SPACED)
    pads = np.array([" ", "  ", "   "], dtype=object)[rng.integers(0, 3, len(idx))]
    side = rng.integers(0, 3, len(idx))  # leading, trailing or both
    out[idx] = np.where(side == 0, pads + out[idx],
                        np.where(side == 1, out[idx] + pads, pads + out[idx] + pads))
    return out, kind


def normalise(values) -> np.ndarray:
    """What the pipeline's staging does to a pseudonym: trim and upper-case."""
    return np.char.upper(np.char.strip(np.asarray(values, dtype=str))).astype(object)
