"""Small vectorised helpers: mapping values through a table without a loop over rows."""
from __future__ import annotations

import numpy as np
import pandas as pd


def lookup(values: np.ndarray, mapping: dict, default=None) -> np.ndarray:
    """mapping[value] for each value, looping over the distinct values only."""
    values = np.asarray(values)
    if len(values) == 0:
        return np.array([], dtype=object)
    codes, uniq = pd.factorize(values)   # hash-based: no sort of the strings
    mapped = [mapping[u] if default is None else mapping.get(u, default) for u in uniq]
    out = np.array(mapped, dtype=object if isinstance(mapped[0], str) else None)
    return out[codes]


def isin(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """np.isin for strings, by hashing (numpy compares object arrays pairwise)."""
    return pd.Index(known).get_indexer(np.asarray(values, dtype=object)) >= 0


def ragged_pick(table: list[tuple], row: np.ndarray, draw: np.ndarray) -> np.ndarray:
    """table[row][draw % len(table[row])] for each row: a per-row choice from a per-group list."""
    width = max(len(t) for t in table)
    padded = np.array([list(t) + [""] * (width - len(t)) for t in table], dtype=object)
    lengths = np.array([len(t) for t in table])
    return padded[row, draw % lengths[row]]


def text_lower(values: np.ndarray) -> np.ndarray:
    return np.char.lower(np.asarray(values, dtype=str)).astype(object) if len(values) else values


def text_replace(values: np.ndarray, old: str, new: str) -> np.ndarray:
    return np.char.replace(np.asarray(values, dtype=str), old, new).astype(object) if len(values) else values
