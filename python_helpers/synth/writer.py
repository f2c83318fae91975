"""Writing a feed as the drop-folder contract says: UTF-8 without a byte-order mark, comma
separated, RFC 4180 quoting (only where a value needs it), LF line ends, and the registry's
verbatim headers in registry order.

The bytes are those of csv.writer with QUOTE_MINIMAL (a value is quoted when it holds a
comma, a double quote or a line break, and its double quotes are doubled), written faster:
a column is searched once, as one string, for characters that need quoting, and only the
few columns that have them are quoted value by value (vectorised).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from python_helpers.registry import Feed

_NEEDS_QUOTES = r'[,"\r\n]'


def _quoted(values: np.ndarray) -> list[str]:
    text = np.asarray(values, dtype=object).tolist()
    joined = "\x00".join(text)
    if not any(ch in joined for ch in ',"\r\n'):
        return text
    s = pd.Series(text, dtype=object)
    need = s.str.contains(_NEEDS_QUOTES, regex=True)
    s[need] = '"' + s[need].str.replace('"', '""', regex=False) + '"'
    return s.tolist()


def header_line(headers: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(headers)
    return buffer.getvalue()


def write_feed(path: Path, feed: Feed, cols: dict[str, np.ndarray]) -> int:
    names = [c.name for c in feed.columns]
    missing, extra = set(names) - set(cols), set(cols) - set(names)
    if missing or extra:
        raise ValueError(f"{feed.file}: generator columns differ from the registry: "
                         f"missing {sorted(missing)}, not in the registry {sorted(extra)}")
    lengths = {len(cols[n]) for n in names}
    if len(lengths) != 1:
        raise ValueError(f"{feed.file}: columns of different lengths {sorted(lengths)}")
    n = lengths.pop()
    columns = [_quoted(cols[name]) for name in names]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header_line(feed.headers))
        if n:
            f.write("\n".join(map(",".join, zip(*columns))))
            f.write("\n")
    return n
