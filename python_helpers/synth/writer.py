"""Writing a feed as the drop-folder contract says: UTF-8 without a byte-order mark, comma
separated, RFC 4180 quoting (only where a value needs it), LF line ends, and the registry's
verbatim headers in registry order."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from python_helpers.registry import Feed


def write_feed(path: Path, feed: Feed, cols: dict[str, np.ndarray]) -> int:
    names = [c.name for c in feed.columns]
    missing, extra = set(names) - set(cols), set(cols) - set(names)
    if missing or extra:
        raise ValueError(f"{feed.file}: generator columns differ from the registry: "
                         f"missing {sorted(missing)}, not in the registry {sorted(extra)}")
    lengths = {len(cols[n]) for n in names}
    if len(lengths) != 1:
        raise ValueError(f"{feed.file}: columns of different lengths {sorted(lengths)}")
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        out.writerow(feed.headers)
        out.writerows(zip(*(np.asarray(cols[n], dtype=object).tolist() for n in names)))
    return lengths.pop()
