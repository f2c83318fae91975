"""The data-minimisation review: for every field the partners send, which published
columns it reaches, or "received, never used".

UK GDPR's data-minimisation principle and the protocol's necessity test ask that the
partners share no more than the outputs need. The review follows each field of the feed
registry (the drop-folder contract, with the protocol's verbatim header and spec name)
through dbt's column-level lineage (python_helpers.report.lineage) to the published
models (dbt `access: public`: the research-question marts). A field reaches a published
column by value (its values flow into it) or by rows (it decides which rows are counted:
a filter, a join key, a grouping); a field that reaches no published column is
"received, never used", and the partners can stop sending it.

One link lives outside dbt: the loader appends each row of a drop's `objections.csv` to
the objection register (`raw.objection_register`), which every objection filter reads. So
the objections file's fields count through the register's columns.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from python_helpers.registry import Column, Feed
from python_helpers.report.lineage import ROWS, VALUE, Lineage

# raw.objection_register's columns written from objections.csv's (python_helpers.load.
# objection_register): (source name, table) -> {column: (source name, table, column)}
LOADER_LINKS = {
    ("governance", "objections"): {
        "nhs_number": ("governance", "objection_register", "nhs_number"),
        "reason": ("governance", "objection_register", "reason"),
    },
}


@dataclass
class FieldReach:
    feed: Feed
    column: Column
    # published model name -> {column: VALUE or ROWS}
    published: dict[str, dict[str, str]] = field(default_factory=dict)
    # other models (restricted marts, data quality, snapshots) past staging it reaches
    restricted: list[str] = field(default_factory=list)

    @property
    def used(self) -> bool:
        return bool(self.published)

    @property
    def by_value(self) -> bool:
        return any(VALUE in cols.values() for cols in self.published.values())

    def describe_reach(self, published_models: list[str] | None = None) -> str:
        """In words: the columns reached by value, per mart, then the marts whose rows
        only it decides ('every published mart' when it is all of them)."""
        parts, rows_only = [], []
        for model, cols in sorted(self.published.items()):
            valued = sorted(c for c, k in cols.items() if k == VALUE)
            if valued:
                shown = ", ".join(valued[:6]) + (f" and {len(valued) - 6} more"
                                                  if len(valued) > 6 else "")
                parts.append(f"{model}: {shown}")
            else:
                rows_only.append(model)
        if rows_only:
            every = published_models and set(rows_only) == set(published_models)
            parts.append("decides which rows are counted in "
                         + ("every published mart" if every else ", ".join(rows_only)))
        return "; ".join(parts)


@dataclass
class MinimisationReview:
    fields: list[FieldReach]
    published_models: list[str]
    unparsed: dict[str, str]

    def by_feed(self) -> dict[str, list[FieldReach]]:
        grouped: dict[str, list[FieldReach]] = {}
        for f in self.fields:
            grouped.setdefault(f.feed.identifier, []).append(f)
        return grouped

    @property
    def unused(self) -> list[FieldReach]:
        return [f for f in self.fields if not f.used]


def _source_uid(manifest: dict, source: str, table: str) -> str | None:
    for uid, node in manifest["sources"].items():
        if node["source_name"] == source and node["name"] == table:
            return uid
    return None


def published_models(manifest: dict) -> dict[str, str]:
    """unique_id -> name of every model published to BI (dbt access public)."""
    return {uid: n["name"] for uid, n in manifest["nodes"].items()
            if n["resource_type"] == "model" and n.get("access") == "public"}


def _restricted_models(manifest: dict) -> dict[str, str]:
    """Models past staging that are not published: what a field may reach and stay in."""
    out = {}
    for uid, n in manifest["nodes"].items():
        if n["resource_type"] not in ("model", "snapshot") or n.get("access") == "public":
            continue
        if n["name"].startswith("stg_") or n["name"].endswith("_permitted"):
            continue  # every received field passes these on as it is
        out[uid] = n["name"]
    return out


def review_minimisation(lineage: Lineage, manifest: dict,
                        feeds: tuple[Feed, ...] | list[Feed]) -> MinimisationReview:
    published = published_models(manifest)
    restricted = _restricted_models(manifest)
    # leaf field -> {(model uid, column): kind}, over the models that matter
    reach: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
    for uid in list(published) + list(restricted):
        rel = lineage.relations.get(uid)
        if rel is None:
            continue
        for column, deps in rel.columns.items():
            for leaf, kind in deps.items():
                reach.setdefault(leaf, {})[(uid, column)] = kind
    fields = []
    for feed in feeds:
        uid = _source_uid(manifest, feed.source, feed.table)
        links = LOADER_LINKS.get((feed.source, feed.table), {})
        for column in feed.columns:
            keys = [(uid, column.name)]
            if column.name in links:
                src, table, col = links[column.name]
                keys.append((_source_uid(manifest, src, table), col))
            fr = FieldReach(feed, column)
            for key in keys:
                for (model_uid, model_col), kind in reach.get(key, {}).items():
                    if model_uid in published:
                        cols = fr.published.setdefault(published[model_uid], {})
                        if cols.get(model_col) != VALUE:
                            cols[model_col] = kind
                    elif restricted[model_uid] not in fr.restricted:
                        fr.restricted.append(restricted[model_uid])
            fr.restricted.sort()
            fields.append(fr)
    return MinimisationReview(fields, sorted(published.values()), dict(lineage.unparsed))


__all__ = ["FieldReach", "MinimisationReview", "review_minimisation", "published_models",
           "VALUE", "ROWS"]
