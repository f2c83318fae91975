"""What `hi destroy` removes and what it keeps, decided before anything is touched.

Engine-independent: it takes the relations a warehouse holds (listed by the engine's
module) and the dbt manifest (what the project builds, and each node's lineage back to
the partner feeds), and returns a Plan. The rules:

- full destruction: every relation in a schema the project writes (raw, and each schema
  a dbt node builds into, plus `test_failures` of earlier versions) is removed, except the
  published research-question marts (models/marts/research_questions: aggregate and
  disclosure-controlled), which are kept unless `--all`;
- a partner withdraws: that partner's raw tables, its rows of the quarantine table, and
  every relation whose lineage reaches one of its feeds (staging, linkage, core marts,
  snapshots and the research-question marts that need them) are removed; the other
  partner's raw and staging data are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from python_helpers.registry import load_registry


def _partners() -> dict[str, tuple[str, ...]]:
    """Partner -> its feeds' raw tables: the registry's files are named `<partner>_...`."""
    partners: dict[str, list[str]] = {}
    for feed in load_registry():
        if feed.source != "governance":
            partners.setdefault(feed.file.split("_", 1)[0], []).append(feed.identifier)
    return {p: tuple(ids) for p, ids in partners.items()}


PARTNERS = _partners()          # {"mseft": (...raw tables...), "ecc": (...)}
LEGACY_SCHEMAS = ("test_failures",)   # failing rows stored by versions before issue 9
QUARANTINE = "_quarantine"


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str                   # table or view
    rows: int | None = None     # counted before removal (None: a view, no data of its own)

    @property
    def key(self) -> tuple[str, str]:
        return (self.schema.lower(), self.name.lower())

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class Plan:
    scope: str                                  # all_person_level | everything | partner:<p>
    remove: list[Relation] = field(default_factory=list)
    keep: list[tuple[Relation, str]] = field(default_factory=list)   # with the reason
    # (table, partner feeds) whose rows of those feeds are deleted, the table kept
    delete_rows: list[tuple[Relation, tuple[str, ...], int]] = field(default_factory=list)
    schemas_emptied: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.remove and not any(n for _, _, n in self.delete_rows)


def _node_relation(node: dict) -> tuple[str, str]:
    return (node["schema"].lower(), (node.get("alias") or node["name"]).lower())


def published_marts(manifest: dict) -> set[tuple[str, str]]:
    return {_node_relation(n) for n in manifest["nodes"].values()
            if n["resource_type"] == "model"
            and n["fqn"][1:3] == ["marts", "research_questions"]}


def project_schemas(manifest: dict, raw_schema: str) -> set[str]:
    schemas = {n["schema"].lower() for n in manifest["nodes"].values()
               if n["resource_type"] in ("model", "snapshot", "seed")
               and n["config"].get("materialized") != "ephemeral"}
    return schemas | {raw_schema.lower(), *LEGACY_SCHEMAS}


def derived_from(manifest: dict, raw_tables: set[str], raw_schema: str
                 ) -> set[tuple[str, str]]:
    """Relations of the models and snapshots whose lineage reaches one of `raw_tables`."""
    tainted = {uid for uid, s in manifest["sources"].items()
               if s["schema"].lower() == raw_schema.lower()
               and s["identifier"].lower() in raw_tables}
    nodes = {uid: n for uid, n in manifest["nodes"].items()
             if n["resource_type"] in ("model", "snapshot", "seed")}
    changed = True
    while changed:  # a fixed point over depends_on: the graph is small
        changed = False
        for uid, node in nodes.items():
            if uid not in tainted and set(node["depends_on"].get("nodes", [])) & tainted:
                tainted.add(uid)
                changed = True
    return {_node_relation(nodes[uid]) for uid in tainted
            if uid in nodes and nodes[uid]["config"].get("materialized") != "ephemeral"}


def make_plan(relations: list[Relation], manifest: dict, raw_schema: str, *,
              everything: bool = False, partner: str | None = None,
              quarantine_rows: int = 0) -> Plan:
    """`quarantine_rows`: rows of raw._quarantine that belong to the partner's feeds."""
    published = published_marts(manifest)
    ours = project_schemas(manifest, raw_schema)
    if partner is None:
        plan = Plan("everything" if everything else "all_person_level")
        for r in relations:
            if r.schema.lower() not in ours:
                plan.keep.append((r, "not created by this project"))
            elif r.key in published and not everything:
                plan.keep.append((r, "published research-question mart: aggregate, "
                                     "disclosure-controlled, meant to outlive the share"))
            else:
                plan.remove.append(r)
        present = {r.schema.lower() for r, _ in plan.keep}
        plan.schemas_emptied = sorted({r.schema for r in plan.remove
                                       if r.schema.lower() not in present})
        return plan
    feeds = set(PARTNERS[partner])
    doomed = derived_from(manifest, feeds, raw_schema) | {
        (raw_schema.lower(), f) for f in feeds}
    plan = Plan(f"partner:{partner}")
    for r in relations:
        if r.key in doomed or r.schema.lower() in LEGACY_SCHEMAS:
            plan.remove.append(r)
        elif r.key == (raw_schema.lower(), QUARANTINE):
            plan.delete_rows.append((r, tuple(sorted(feeds)), quarantine_rows))
            plan.keep.append((r, f"kept without the rows of {partner}'s feeds"))
        else:
            plan.keep.append((r, f"not derived from {partner}'s feeds"))
    return plan
