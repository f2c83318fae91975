"""Column-level lineage from dbt's compiled SQL: which source columns each model column
derives from, parsed with sqlglot.

For every model and snapshot of the manifest (in dependency order) the compiled SQL is
qualified against the catalog's columns (stars expanded, every column tied to its table)
and walked scope by scope (CTEs, subqueries, unions). A column depends on a source column
in one of two ways:

- by value (`VALUE`): the source column's values flow, transformed or not, into it
  (a projection, a function of it, an aggregate over it);
- by rows (`ROWS`): the source column decides which rows are behind it (a WHERE, a join
  condition, a GROUP BY, a HAVING or QUALIFY, a filtering subquery), so it shapes counts
  and rates without its values being published.

Dependencies chain: a column that reaches another by value, which is then used in a join,
reaches what follows by rows. When a model's SQL cannot be parsed, each of its columns is
taken to depend on every column of every relation it reads (by value): a field is never
called unused because the parser failed. `Lineage.unparsed` names such models.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope

VALUE = "value"
ROWS = "rows"

# (unique_id of a source or seed, column name in lower case)
FieldKey = tuple[str, str]
Deps = dict[FieldKey, str]

_LEAF_TYPES = ("source", "seed")
_BUILT_TYPES = ("model", "snapshot")


def _merge(into: Deps, more: Deps, kind: str | None = None) -> None:
    """Add `more` to `into`; kind ROWS turns every added dependency into a row one.
    A value dependency wins over a row dependency on the same field."""
    for key, k in more.items():
        k = ROWS if kind == ROWS else k
        if into.get(key) != VALUE:
            into[key] = k


@dataclass
class RelationLineage:
    """What one built relation's columns (and its rows) depend on."""
    unique_id: str
    columns: dict[str, Deps] = field(default_factory=dict)
    rows: Deps = field(default_factory=dict)


@dataclass
class Lineage:
    relations: dict[str, RelationLineage]
    unparsed: dict[str, str]          # unique_id -> why the SQL could not be used

    def column(self, unique_id: str, column: str) -> Deps:
        return self.relations[unique_id].columns.get(column.lower(), {})


def _relation_key(database: str | None, schema: str | None, name: str) -> tuple:
    return tuple(p.lower() for p in (database or "", schema or "", name))


class _Project:
    """The manifest and catalog as lineage needs them."""

    def __init__(self, manifest: dict, catalog: dict):
        self.manifest = manifest
        self.by_relation: dict[tuple, str] = {}
        self.columns: dict[str, list[tuple[str, str]]] = {}   # uid -> [(name, type)]
        for section in ("nodes", "sources"):
            for uid, node in manifest[section].items():
                if node["resource_type"] not in _LEAF_TYPES + _BUILT_TYPES:
                    continue
                name = node.get("identifier") or node.get("alias") or node["name"]
                self.by_relation[_relation_key(node.get("database"), node["schema"],
                                               name)] = uid
                built = catalog.get(section, {}).get(uid)
                if built:
                    cols = sorted(built["columns"].values(), key=lambda c: c["index"])
                    self.columns[uid] = [(c["name"].lower(), c["type"] or "TEXT")
                                         for c in cols]
                else:
                    self.columns[uid] = [(c.lower(), (col.get("data_type") or "TEXT"))
                                         for c, col in node.get("columns", {}).items()]

    def schema(self) -> dict:
        """sqlglot's nested mapping: database -> schema -> table -> column -> type."""
        nested: dict = {}
        for key, uid in self.by_relation.items():
            database, schema, name = key
            cols = self.columns.get(uid) or []
            if not cols:
                continue
            nested.setdefault(database, {}).setdefault(schema, {})[name] = {
                c: _sqlglot_type(t) for c, t in cols}
        return nested

    def built_in_order(self) -> list[str]:
        nodes = {uid: n for uid, n in self.manifest["nodes"].items()
                 if n["resource_type"] in _BUILT_TYPES}
        order, seen = [], set()

        def visit(uid: str) -> None:
            if uid in seen or uid not in nodes:
                return
            seen.add(uid)
            for parent in nodes[uid]["depends_on"].get("nodes", []):
                visit(parent)
            order.append(uid)

        for uid in sorted(nodes):
            visit(uid)
        return order


def _sqlglot_type(type_name: str) -> str:
    try:
        exp.DataType.build(type_name, dialect="duckdb")
        return type_name
    except Exception:  # a type sqlglot does not know (e.g. a DuckDB STRUCT spelling)
        return "TEXT"


class _Evaluator:
    """Walks one qualified statement's scopes, resolving columns to leaf fields."""

    def __init__(self, project: _Project, done: dict[str, RelationLineage]):
        self.project = project
        self.done = done
        self.memo: dict[int, tuple[list[tuple[str, Deps]], Deps]] = {}

    # -- relations -------------------------------------------------------------------
    def _table(self, table: exp.Table) -> tuple[str | None, bool]:
        key = _relation_key(table.catalog, table.db, table.name)
        uid = self.project.by_relation.get(key)
        if uid is None:  # unqualified or unknown: match on schema and name only
            for (db, schema, name), candidate in self.project.by_relation.items():
                if name == key[2] and (not key[1] or schema == key[1]):
                    uid = candidate
                    break
        return uid, uid is not None and uid.split(".")[0] in _LEAF_TYPES

    def _table_column(self, table: exp.Table, column: str) -> Deps:
        uid, leaf = self._table(table)
        if uid is None:
            return {}
        if leaf:
            return {(uid, column): VALUE}
        rel = self.done.get(uid)
        return dict(rel.columns.get(column, {})) if rel else {}

    def _table_rows(self, table: exp.Table) -> Deps:
        uid, leaf = self._table(table)
        if uid is None or leaf:
            return {}
        rel = self.done.get(uid)
        return dict(rel.rows) if rel else {}

    # -- scopes ----------------------------------------------------------------------
    def outputs(self, scope: Scope) -> tuple[list[tuple[str, Deps]], Deps]:
        if id(scope) in self.memo:
            return self.memo[id(scope)]
        if isinstance(scope.expression, exp.SetOperation):
            result = self._set_operation(scope)
        else:
            result = self._select(scope)
        self.memo[id(scope)] = result
        return result

    def _set_operation(self, scope: Scope) -> tuple[list[tuple[str, Deps]], Deps]:
        left, right = scope.set_operation_scopes
        left_out, left_rows = self.outputs(left)
        right_out, right_rows = self.outputs(right)
        out = []
        for i, (name, deps) in enumerate(left_out):
            merged = dict(deps)
            if i < len(right_out):
                _merge(merged, right_out[i][1])
            out.append((name, merged))
        rows: Deps = {}
        _merge(rows, left_rows)
        _merge(rows, right_rows)
        return out, rows

    def _resolve(self, scope: Scope, column: exp.Column) -> Deps:
        name = column.name.lower()
        table = column.table
        s: Scope | None = scope
        while s is not None:
            source = s.sources.get(table) if table else None
            if source is None and not table:
                # an unqualified column (qualify could not place it): any source having it
                for candidate in s.selected_sources.values():
                    deps = self._source_column(candidate[1], name, s)
                    if deps:
                        return deps
            if source is not None:
                return self._source_column(source, name, s)
            s = s.parent
        return {}

    def _source_column(self, source, name: str, scope: Scope) -> Deps:
        if isinstance(source, Scope):
            out, _ = self.outputs(source)
            for out_name, deps in out:
                if out_name == name:
                    return dict(deps)
            return {}
        if isinstance(source, exp.Table):
            return self._table_column(source, name)
        # a table function (unnest, generate_series ...): the columns it is built from
        deps: Deps = {}
        for col in source.find_all(exp.Column):
            _merge(deps, self._resolve(scope, col))
        return deps

    def _source_rows(self, source) -> Deps:
        if isinstance(source, Scope):
            return dict(self.outputs(source)[1])
        if isinstance(source, exp.Table):
            return self._table_rows(source)
        return {}

    def _select(self, scope: Scope) -> tuple[list[tuple[str, Deps]], Deps]:
        select = scope.expression
        if not isinstance(select, exp.Select):
            return [], {}
        projections = list(select.expressions)
        proj_ids = {id(p): i for i, p in enumerate(projections)}
        values: list[Deps] = [{} for _ in projections]
        rows: Deps = {}
        for _, source in scope.selected_sources.values():
            _merge(rows, self._source_rows(source), ROWS)
        has_limit = select.args.get("limit") is not None

        def place(node: exp.Expression) -> tuple[str, int | None]:
            """Which clause of this select `node` sits in (and which projection)."""
            child, parent = node, node.parent
            while parent is not None and parent is not select:
                child, parent = parent, parent.parent
            if parent is None:
                return "other", None
            if child.arg_key == "expressions":
                return "projection", proj_ids.get(id(child))
            return child.arg_key, None

        def add(clause: str, index: int | None, deps: Deps) -> None:
            if clause == "projection" and index is not None:
                _merge(values[index], deps)
            elif clause == "order" and not has_limit:
                return
            else:
                _merge(rows, deps, ROWS)

        for column in scope.columns:
            clause, index = place(column)
            add(clause, index, self._resolve(scope, column))
        for sub in scope.subquery_scopes:
            out, sub_rows = self.outputs(sub)
            deps: Deps = {}
            for _, d in out:
                _merge(deps, d)
            _merge(deps, sub_rows, ROWS)
            clause, index = place(sub.expression)
            add(clause, index, deps)
        result = []
        for i, projection in enumerate(projections):
            merged = values[i]
            _merge(merged, rows, ROWS)
            result.append((projection.alias_or_name.lower(), merged))
        return result, rows


def _statement(sql: str) -> exp.Expression:
    statements = [s for s in sqlglot.parse(sql, dialect="duckdb") if s is not None]
    if not statements:
        raise ValueError("no SQL statement")
    return statements[-1]


def _conservative(project: _Project, node: dict, done: dict[str, RelationLineage]
                  ) -> RelationLineage:
    """Every column depends on every column of every relation the node reads."""
    deps: Deps = {}
    for parent in node["depends_on"].get("nodes", []):
        if parent.split(".")[0] in _LEAF_TYPES:
            for col, _ in project.columns.get(parent, []):
                deps[(parent, col)] = VALUE
        elif parent in done:
            for d in done[parent].columns.values():
                _merge(deps, d)
            _merge(deps, done[parent].rows)
    cols = [c for c, _ in project.columns.get(node["unique_id"], [])]
    return RelationLineage(node["unique_id"], {c: dict(deps) for c in cols}, dict(deps))


def compute_lineage(manifest: dict, catalog: dict) -> Lineage:
    project = _Project(manifest, catalog)
    schema = project.schema()
    done: dict[str, RelationLineage] = {}
    unparsed: dict[str, str] = {}
    for uid in project.built_in_order():
        node = manifest["nodes"][uid]
        sql = node.get("compiled_code")
        if not sql:
            unparsed[uid] = "no compiled SQL in the manifest (compile or build first)"
            done[uid] = _conservative(project, node, done)
            continue
        try:
            statement = qualify(_statement(sql), dialect="duckdb", schema=schema,
                                validate_qualify_columns=False, quote_identifiers=False,
                                identify=False)
            root = build_scope(statement)
            if root is None:
                raise ValueError("no select to trace")
            evaluator = _Evaluator(project, done)
            out, rows = evaluator.outputs(root)
        except Exception as error:  # noqa: BLE001 - any parser failure: be conservative
            unparsed[uid] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
            done[uid] = _conservative(project, node, done)
            continue
        rel = RelationLineage(uid, rows=rows)
        for name, deps in out:
            existing = rel.columns.setdefault(name, {})
            _merge(existing, deps)
        done[uid] = rel
    return Lineage(done, unparsed)


def load_lineage(target: Path) -> Lineage:
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog_path = target / "catalog.json"
    catalog = (json.loads(catalog_path.read_text(encoding="utf-8"))
               if catalog_path.exists() else {"nodes": {}, "sources": {}})
    return compute_lineage(manifest, catalog)
