"""The destruction record: what was destroyed, when, by whom, and what the platform keeps.

Written as JSON (for systems) and Markdown (to attach to the protocol's records) into
reports/destruction/. It names objects and counts rows, never a value.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from python_helpers.destroy.files import DESTRUCTION_RECORDS, LocalFiles, relative
from python_helpers.destroy.plan import Plan

SCOPES = {
    "all_person_level": "every person-level relation and file the project created; the "
                        "published research-question marts kept",
    "everything": "every relation and file the project created, published marts included",
}


@dataclass
class Record:
    destroyed_at: str
    destroyed_by: str
    target: str
    scope: str
    command: str
    removed: list[dict] = field(default_factory=list)
    rows_deleted: list[dict] = field(default_factory=list)
    files_removed: list[dict] = field(default_factory=list)
    kept: list[dict] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    platform_retention: list[str] = field(default_factory=list)
    not_touched: list[str] = field(default_factory=list)


def make_record(plan: Plan, files: list[LocalFiles], *, at: datetime, user: str,
                target: str, actions: list[str], retention: list[str]) -> Record:
    scope = SCOPES.get(plan.scope) or (
        f"partner withdrawal ({plan.scope.split(':', 1)[1]}): its feeds and every relation "
        "derived from them")
    return Record(
        destroyed_at=at.isoformat(timespec="seconds"),
        destroyed_by=user,
        target=target,
        scope=scope,
        command="hi " + " ".join(sys.argv[1:]) if sys.argv[1:] else "hi destroy",
        removed=[{"object": str(r), "kind": r.kind, "rows": r.rows} for r in plan.remove],
        rows_deleted=[{"object": str(r), "feeds": list(feeds), "rows": n}
                      for r, feeds, n in plan.delete_rows],
        files_removed=[{"path": relative(f.path), "files": f.files, "bytes": f.bytes,
                        "what": f.why} for f in files],
        kept=[{"object": str(r), "kind": r.kind, "rows": r.rows, "why": why}
              for r, why in plan.keep],
        actions=actions,
        platform_retention=retention,
        not_touched=["the partner drop folders: delivered by the partners and theirs to "
                     "delete securely under the protocol",
                     "earlier destruction records (reports/destruction)"],
    )


def write(record: Record, folder: Path = DESTRUCTION_RECORDS) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = record.destroyed_at.replace(":", "").replace("-", "").replace("+0000", "Z")
    base = folder / f"destruction-{stamp}"
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    json_path.write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown(record), encoding="utf-8")
    return json_path, md_path


def _rows(n: int | None) -> str:
    return "none of its own (a view)" if n is None else f"{n:,}"


def markdown(record: Record) -> str:
    lines = [
        "# Destruction record",
        "",
        "Made by `hi destroy` (Mid and South Essex linked health and social care "
        "warehouse). It names objects and counts rows; it holds no value of any record.",
        "",
        f"- **When (UTC):** {record.destroyed_at}",
        f"- **By:** {record.destroyed_by}",
        f"- **Target:** {record.target}",
        f"- **Scope:** {record.scope}",
        f"- **Command:** `{record.command}`",
        "",
        f"## Removed: {len(record.removed)} object(s)",
        "",
        "| object | kind | rows held |",
        "|---|---|---|",
        *[f"| {r['object']} | {r['kind']} | {_rows(r['rows'])} |" for r in record.removed],
    ]
    if record.rows_deleted:
        lines += ["", "## Rows deleted from kept tables", "",
                  "| object | feeds | rows |", "|---|---|---|",
                  *[f"| {r['object']} | {', '.join(r['feeds'])} | {_rows(r['rows'])} |"
                    for r in record.rows_deleted]]
    lines += ["", "## Local files removed (overwritten, then deleted)", ""]
    lines += [f"- `{f['path']}`: {f['files']:,} files, {f['bytes']:,} bytes ({f['what']})"
              for f in record.files_removed] or ["- none"]
    lines += ["", "## Kept, and why", "",
              "| object | kind | rows | why |", "|---|---|---|---|",
              *[f"| {k['object']} | {k['kind']} | {_rows(k['rows'])} | {k['why']} |"
                for k in record.kept]]
    lines += ["", "## What was done", "", *[f"- {a}" for a in record.actions],
              "", "## What the platform still holds", "",
              *[f"- {r}" for r in record.platform_retention],
              "", "## Not touched by this command", "",
              *[f"- {n}" for n in record.not_touched], ""]
    return "\n".join(lines)
