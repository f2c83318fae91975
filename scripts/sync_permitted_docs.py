"""Write the docs of the objection-filtered views, and of the snapshots taken of them,
from the staging models' docs.

Each `int_<feed>_permitted` view has exactly the columns of its staging model, so its
column descriptions are the staging ones; this script keeps
models/intermediate/governance/_governance__models.yml in step with them, and adds to
snapshots/_snapshots.yml every staging column a snapshot carries that it does not yet
describe (the entries written by hand, with their tests, are kept as they are).

    python scripts/sync_permitted_docs.py          # rewrite the file
    python scripts/sync_permitted_docs.py --check  # exit 1 when it is out of date
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
GOVERNANCE = PROJECT / "models" / "intermediate" / "governance"
TARGET = GOVERNANCE / "_governance__models.yml"
SNAPSHOTS = PROJECT / "snapshots" / "_snapshots.yml"
SNAPSHOT_SOURCE = re.compile(r"ref\('(?P<permitted>int_\w+_permitted)'\)")
MACRO_CALL = re.compile(
    r"without_objectors\(\s*ref\('(?P<staging>\w+)'\),\s*'(?P<key>\w+)',\s*'(?P<kind>\w+)'\s*\)")
# The objector list itself: documented here so the folder keeps one YAML file.
OBJECTORS_MODEL = {
    "name": "int_objectors_identified",
    "description": (
        "Who must be removed: the pseudonymised NHS numbers whose objection stands in the "
        "objection register (national data opt-out, Article 21 objection, Article 18 "
        "restriction, from every drop's objections.csv until withdrawn) and the social care "
        "Person IDs of records whose NHS ID is one of them (macro objector_identities). Ephemeral on purpose: the list is never "
        "written to a table; it exists only inside the queries of the permitted views. Grain: "
        "one row per identity (identity_type, pseudonym)."
    ),
    "columns": [
        {"name": "identity_type", "description": "nhs_number or asc_person."},
        {"name": "pseudonym", "description": "The objector's pseudonym of that type."},
    ],
}
KIND_WORDS = {"nhs_number": "NHS number pseudonym", "asc_person": "social care Person ID"}


def staging_models() -> dict[str, dict]:
    models = {}
    for path in sorted((PROJECT / "models" / "staging").glob("*/_*__models.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[model["name"]] = model
    return models


def permitted_sources() -> dict[str, re.Match]:
    """int_<feed>_permitted -> its without_objectors call (staging model, key, kind)."""
    found = {}
    for sql in sorted(GOVERNANCE.glob("int_*_permitted.sql")):
        match = MACRO_CALL.search(sql.read_text(encoding="utf-8"))
        if not match:
            raise SystemExit(f"{sql.name}: expected a without_objectors(ref(...)) call")
        found[sql.stem] = match
    return found


def render_snapshots() -> str:
    staging, sources = staging_models(), permitted_sources()
    text = SNAPSHOTS.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    doc = yaml.safe_load(text)
    for snapshot in doc["snapshots"]:
        sql = (PROJECT / "snapshots" / f"{snapshot['name']}.sql").read_text(encoding="utf-8")
        permitted = SNAPSHOT_SOURCE.search(sql)["permitted"]
        described = {c["name"] for c in snapshot.get("columns", [])}
        for column in staging[sources[permitted]["staging"]].get("columns", []):
            if column["name"] not in described:
                snapshot.setdefault("columns", []).append(
                    {"name": column["name"], "description": column.get("description", "")})
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=88)


def render() -> str:
    staging = staging_models()
    models = [OBJECTORS_MODEL]
    for name, match in permitted_sources().items():
        source = staging[match["staging"]]
        # the staging grain's first clause: "none dropped" no longer holds here
        grain = source["description"].split("Grain:", 1)[-1].split(" (")[0].strip(" .")
        grain = grain if "Grain:" in source["description"] else "as in " + match["staging"]
        models.append({
            "name": name,
            "description": (
                f"{match['staging']} without the rows of people whose objection stands in "
                "the objection register (every drop's objections.csv until withdrawn; "
                f"matched on the {KIND_WORDS[match['kind']]}, column {match['key']}): the "
                "only way models past staging read this feed. Restricted, person-level. "
                f"Columns as in {match['staging']}. Grain: {grain}, objectors' rows excepted."
            ),
            "data_tests": ["no_objector_pseudonyms"],
            "columns": [{"name": c["name"], "description": c.get("description", "")}
                        for c in source.get("columns", [])],
        })
    header = ("# Generated by scripts/sync_permitted_docs.py from the staging models' docs:\n"
              "# edit the staging YAML, then run the script.\n")
    return header + yaml.safe_dump({"version": 2, "models": models}, sort_keys=False,
                                   allow_unicode=True, width=88)


def main(argv: list[str]) -> int:
    outputs = {TARGET: render(), SNAPSHOTS: render_snapshots()}
    if "--check" in argv:
        stale = [path for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(PROJECT)} is out of date: "
                  "run python scripts/sync_permitted_docs.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
