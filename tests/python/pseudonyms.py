"""Helpers for tests that look for a drop's pseudonyms wherever they should not be."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def pseudonyms_of(drop: Path, files=None) -> set[str]:
    """Every pseudonym a drop's files carry (64 hexadecimal characters), normalised;
    only those of `files` (names) when given."""
    found = set()
    for path in sorted(drop.glob("*.csv")):
        if files is not None and path.name not in files:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            values = frame[column].str.strip().str.upper()
            found |= set(values[values.str.fullmatch(r"[0-9A-F]{64}")])
    return found
