"""`hi`: one command line for the project's Python helpers.

    hi generate OUT [--scale small|trust] [--seed N] [--years Y | --multiplier M]
    hi validate DROP [--report DIR]
    hi load DROP [--duckdb PATH] [--allow-empty FEED_OR_FILE ...]
    hi build [--duckdb PATH] [--unit-tests]
                                        dbt build + dbt docs generate
    hi run [--drop DROP | --scale S] [--allow-empty FEED_OR_FILE ...]
                                        the main job: generate, validate, load, build, docs,
                                        then the inequality report and the governance pack
    hi report [inequality|governance|all] [--out DIR]
                                        the inequality report and the governance pack (with
                                        the data-minimisation review) from a built warehouse
    hi objections status|withdraw FILE  the objection register (objections last until withdrawn)
    hi destroy --dry-run | --yes [--all | --partner P]   retire the share's person-level data
    hi bench [--years 1 3 5]            time each stage against its floor, with peak memory
    hi preflight                        check Snowflake settings and privileges
    hi snowflake-load DROP              land a drop folder in Snowflake (stage, PUT, COPY INTO)
    hi snowflake-emulator               run the local Snowflake emulator (fakesnow) in the foreground

Each sub-command's work lives in its own module with a `main(args)`. Every command that
touches the DuckDB warehouse works on the same file: --duckdb, else HI_DUCKDB_PATH, else
warehouse/mse_health_inequalities.duckdb (python_helpers.warehouse_path).
"""
from __future__ import annotations

import argparse
import sys

from python_helpers import PROJECT_DIR, warehouse_path
from python_helpers.load.cli import allow_empty_argument

DEFAULT_REPORTS = PROJECT_DIR / "reports"
DEFAULT_DROPS = PROJECT_DIR / "drops"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hi", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write a synthetic partner drop folder")
    g.add_argument("out", help="folder to write the drop into")
    _generation_args(g)

    v = sub.add_parser("validate", help="validate a drop folder against the feed registry")
    v.add_argument("drop", help="drop folder")
    v.add_argument("--report", default=str(DEFAULT_REPORTS / "validation"),
                   help="folder for the validation report (default: reports/validation)")

    ld = sub.add_parser("load", help="land a drop folder as raw tables in DuckDB")
    ld.add_argument("drop", help="drop folder")
    _warehouse_arg(ld)
    allow_empty_argument(ld)

    b = sub.add_parser("build", help="dbt build and dbt docs generate on the warehouse")
    _warehouse_arg(b)
    b.add_argument("--unit-tests", action="store_true",
                   help="also run dbt's unit tests (fixtures that prove the code, not the "
                        "data: make test and CI run them; a production build leaves them out)")

    r = sub.add_parser("run", help="the main job: (generate,) validate, load, build, docs")
    r.add_argument("--drop", help="a partner drop folder; without it a synthetic drop is generated")
    _warehouse_arg(r)
    r.add_argument("--report", default=str(DEFAULT_REPORTS / "validation"),
                   help="folder for the validation report")
    r.add_argument("--reports-dir", default=str(DEFAULT_REPORTS),
                   help="folder for the inequality report and the governance pack "
                        "(default: reports)")
    allow_empty_argument(r)
    _generation_args(r)

    rep = sub.add_parser("report", help="write the inequality report and the governance "
                         "pack from the built warehouse")
    rep.add_argument("which", nargs="?", default="all",
                     choices=["all", "inequality", "governance"],
                     help="which to write (default: all)")
    rep.add_argument("--out", default=str(DEFAULT_REPORTS),
                     help="folder to write into (default: reports)")
    rep.add_argument("--target-path", default=str(PROJECT_DIR / "target"),
                     help="dbt's target folder with manifest.json and catalog.json "
                          "(default: target)")
    _warehouse_arg(rep)

    be = sub.add_parser("bench", help="time each stage and its floor, with peak memory")
    be.add_argument("--scale", default="trust", choices=["small", "trust"])
    be.add_argument("--seed", type=int, default=2022)
    be.add_argument("--years", type=float, nargs="+", default=None,
                    help="years of activity at the scale (several: one run each, and growth)")
    be.add_argument("--out", default=str(PROJECT_DIR / "bench"),
                    help="scratch folder for the drops and warehouses; bench.json goes here")
    be.add_argument("--keep", action="store_true",
                    help="keep each size's drop, warehouse and dbt target after measuring")
    o = sub.add_parser("objections", help="show or withdraw objections in the register")
    o_sub = o.add_subparsers(dest="action", required=True)
    status = o_sub.add_parser("status", help="how many objections the register holds")
    w = o_sub.add_parser("withdraw", help="withdraw the objections listed in FILE "
                         "(columns NHS_NUMBER, Reason, as objections.csv)")
    w.add_argument("file", help="CSV of the (person, reason) objections withdrawn")
    for action in (status, w):
        _warehouse_arg(action)
        action.add_argument("--target", choices=["duckdb", "snowflake", "snowflake_emulator"],
                            default=None, help="warehouse (default: duckdb)")

    from python_helpers import destroy
    d = sub.add_parser("destroy", help="remove the share's person-level data, with a record")
    destroy.add_arguments(d)
    _warehouse_arg(d)

    from python_helpers.snowflake import landing, preflight
    preflight.add_arguments(sub.add_parser(
        "preflight", help="check Snowflake settings and privileges, naming what is missing"))
    landing.add_arguments(sub.add_parser(
        "snowflake-load", help="land a drop folder in Snowflake"))
    sub.add_parser("snowflake-emulator",
                   help="run the local Snowflake emulator (fakesnow) on loopback")
    return p


def _warehouse_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--duckdb", type=warehouse_path, default=None,
                   help="warehouse file (default: $HI_DUCKDB_PATH, else "
                        "warehouse/mse_health_inequalities.duckdb)")


def _generation_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", default="small", choices=["small", "trust"],
                   help="small: about 2,000 patients; trust: one year of MSEFT activity")
    p.add_argument("--seed", type=int, default=2022, help="random seed (same seed, same files)")
    size = p.add_mutually_exclusive_group()
    size.add_argument("--years", type=float, default=None,
                      help="years of activity at trust scale (multiplies the volume)")
    size.add_argument("--multiplier", type=float, default=None,
                      help="multiply every volume of the scale")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if "duckdb" in args and args.duckdb is None:
        args.duckdb = warehouse_path()
    if args.command == "generate":
        from python_helpers.synth import generate
        return generate.main(args)
    if args.command == "validate":
        from python_helpers import validate
        return validate.main(args)
    if args.command == "load":
        from python_helpers import load
        return load.main(args)
    if args.command == "build":
        from python_helpers import build
        return build.main(args)
    if args.command == "run":
        from python_helpers import run
        return run.main(args)
    if args.command == "report":
        from python_helpers import report
        return report.main(args)
    if args.command == "objections":
        from python_helpers import objections
        return objections.main(args)
    if args.command == "destroy":
        from python_helpers import destroy
        return destroy.main(args)
    if args.command == "bench":
        from python_helpers import bench
        return bench.main(args)
    if args.command == "preflight":
        from python_helpers.snowflake import preflight
        return preflight.main(args)
    if args.command == "snowflake-load":
        from python_helpers.snowflake import landing
        return landing.main(args)
    if args.command == "snowflake-emulator":
        from python_helpers.snowflake import emulator
        return emulator.main(args)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
