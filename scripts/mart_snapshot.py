"""Save every mart of a built warehouse as parquet, and compare two such saves row for row.

A refactoring that should change no behaviour is shown to change none by saving the marts
(models/marts/**, and
models/data_quality/**) before and after and comparing the saves, rows in any order:

    python scripts/mart_snapshot.py save /tmp/marts_before            # builds the small drop
    python scripts/mart_snapshot.py save /tmp/marts_after --db w.duckdb --target t/
    python scripts/mart_snapshot.py compare /tmp/marts_before /tmp/marts_after

`save` without --db generates the small synthetic drop (seed 2022, as the test fixtures
do), loads and builds it in a temporary folder. `compare` exits 1 when a mart is missing
on one side, its columns or types differ, or a row is in one save more often than in the
other (EXCEPT ALL both ways: a duplicated row counts); a mart only in the second save is
listed as new. --digits N compares doubles to N significant digits.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

LAYERS = ("models/marts/", "models/data_quality/")
PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def build_small(work: Path) -> tuple[Path, Path]:
    """Generate, load and build the small drop in `work`: (warehouse, target)."""
    try:
        from python_helpers.synth.generate import generate_drop
    except ImportError:  # before the generator moved into synth/
        from python_helpers.generate import generate_drop
    from python_helpers.build import build
    from python_helpers.load import load_drop

    drop = work / "drop"
    generate_drop(drop, scale="small", seed=2022)
    db_path = work / "small.duckdb"
    result = load_drop(drop, db_path)
    if not result.ok:
        raise SystemExit(result.summary())
    target = work / "target"
    if build(db_path, target_path=target, docs=False, capture=True) != 0:
        raise SystemExit("dbt build of the small drop failed")
    return db_path, target


def mart_relations(target: Path) -> dict[str, tuple[str, str]]:
    """Model name -> (schema, table) of every model under models/marts/ and
    models/data_quality/ (the feed reconciliation and linkage quality are read by the
    governance pack)."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return {node["name"]: (node["schema"], node["alias"] or node["name"])
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["original_file_path"].startswith(LAYERS)}


def save(out: Path, db_path: Path, target: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    for name, (schema, table) in sorted(mart_relations(target).items()):
        con.execute(f'copy (select * from "{schema}"."{table}") '
                    f"to '{out / (name + '.parquet')}' (format parquet)")
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        print(f"{name}: {rows} rows")
    con.close()
    return 0


def rounded(con, path: str, digits: int | None) -> str:
    """A select of the save, doubles to `digits` significant digits (None: exact)."""
    if digits is None:
        return f"select * from {path}"
    columns = []
    for name, kind, *_ in con.execute(f"describe select * from {path}").fetchall():
        quoted = '"' + name + '"'
        columns.append(f"printf('%.{digits}g', {quoted}) as {quoted}"
                       if kind in ("DOUBLE", "FLOAT") else quoted)
    return f"select {', '.join(columns)} from {path}"


def compare(before: Path, after: Path, digits: int | None = None) -> int:
    con = duckdb.connect()
    names_before = {p.stem for p in before.glob("*.parquet")}
    names_after = {p.stem for p in after.glob("*.parquet")}
    problems = [f"{n}: only in {before}" for n in sorted(names_before - names_after)]
    for name in sorted(names_after - names_before):
        print(f"{name}: new, only in {after}")
    total = 0
    for name in sorted(names_before & names_after):
        a, b = f"'{before / name}.parquet'", f"'{after / name}.parquet'"
        schema_a = con.execute(f"describe select * from {a}").fetchall()
        schema_b = con.execute(f"describe select * from {b}").fetchall()
        if [c[:2] for c in schema_a] != [c[:2] for c in schema_b]:
            problems.append(f"{name}: columns differ: {schema_a} vs {schema_b}")
            continue
        ra, rb = rounded(con, a, digits), rounded(con, b, digits)
        only_a = con.execute(
            f"select count(*) from ({ra} except all {rb})").fetchone()[0]
        only_b = con.execute(
            f"select count(*) from ({rb} except all {ra})").fetchone()[0]
        rows = con.execute(f"select count(*) from {a}").fetchone()[0]
        total += rows
        if only_a or only_b:
            problems.append(f"{name}: {only_a} rows only before, {only_b} only after")
        else:
            print(f"{name}: {rows} rows equal")
    for problem in problems:
        print("DIFFERENT", problem)
    print(f"{len(names_before & names_after)} marts compared, {total} rows; "
          f"{len(problems)} differences")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save", help="save every mart as parquet")
    s.add_argument("out", type=Path)
    s.add_argument("--db", type=Path, help="a built warehouse (default: build the small drop)")
    s.add_argument("--target", type=Path, help="its dbt target folder (with --db)")
    c = sub.add_parser("compare", help="compare two saves row for row")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--digits", type=int, help="compare doubles to this many significant "
                   "digits (DuckDB's parallel sums of doubles may differ in the last bits "
                   "from run to run); default exact")
    args = parser.parse_args(argv)
    if args.command == "compare":
        return compare(args.before, args.after, args.digits)
    if args.db:
        return save(args.out, args.db, args.target or PROJECT / "target")
    with tempfile.TemporaryDirectory() as work:
        db_path, target = build_small(Path(work))
        return save(args.out, db_path, target)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
