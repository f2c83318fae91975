"""The data-minimisation review reports, per feed and with the protocol's spec name,
every received field that reaches no published column, and what the others reach."""
from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from python_helpers.registry import Column, load_registry
from python_helpers.report.governance import minimisation_markdown
from python_helpers.report.lineage import ROWS, VALUE, compute_lineage
from python_helpers.report.minimisation import review_minimisation

PROJECT = "mse_health_inequalities"
AE_SOURCE = f"source.{PROJECT}.mseft.ae_attendances"
AE_STAGING = f"model.{PROJECT}.stg_mseft__ae_attendances"
RQ1 = f"model.{PROJECT}.rq1_patient_demographics"


@pytest.fixture(scope="module")
def artefacts(small_warehouse):
    target = small_warehouse["target"]
    return (json.loads((target / "manifest.json").read_text()),
            json.loads((target / "catalog.json").read_text()))


@pytest.fixture(scope="module")
def review(artefacts):
    manifest, catalog = artefacts
    return review_minimisation(compute_lineage(manifest, catalog), manifest, load_registry())


def _field(review, file: str, header: str):
    for f in review.fields:
        if f.feed.file == file and f.column.header == header:
            return f
    raise KeyError(header)


def _plant(manifest: dict, catalog: dict, name: str, published_filter: bool) -> None:
    """A field the partner sends, landed and passed on by staging as every field is;
    with `published_filter`, rq1 keeps its rows only when the field says so."""
    catalog["sources"][AE_SOURCE]["columns"][name] = {"name": name, "type": "VARCHAR",
                                                      "index": 999}
    catalog["nodes"][AE_STAGING]["columns"][name] = {"name": name, "type": "VARCHAR",
                                                     "index": 999}
    raw = manifest["sources"][AE_SOURCE]["relation_name"]
    staging = manifest["nodes"][AE_STAGING]
    staging["compiled_code"] = (
        f"select staged.*, raw_rows.{name} from ({staging['compiled_code']}\n) as staged "
        f"inner join {raw} as raw_rows on staged.source_row = raw_rows._source_row")
    if published_filter:
        rq1 = manifest["nodes"][RQ1]
        rq1["compiled_code"] = (
            f"select published.* from ({rq1['compiled_code']}\n) as published "
            f"where exists (select 1 from {staging['relation_name']} as s "
            f"where s.{name} = 'Y')")


def test_a_planted_field_that_no_output_needs_is_reported_received_never_used(artefacts):
    manifest, catalog = (copy.deepcopy(a) for a in artefacts)
    _plant(manifest, catalog, "planted_unused_field", published_filter=False)
    _plant(manifest, catalog, "planted_filter_field", published_filter=True)
    feeds = []
    for feed in load_registry():
        if feed.identifier == "mseft_ae_attendances":
            feed = dataclasses.replace(feed, columns=feed.columns + (
                Column("planted_unused_field", "PLANTED_UNUSED_FIELD", "text", "planted"),
                Column("planted_filter_field", "PLANTED_FILTER_FIELD", "flag", "planted")))
        feeds.append(feed)
    lineage = compute_lineage(manifest, catalog)
    # the lineage did follow the planted field into staging: not vacuous
    assert lineage.column(AE_STAGING, "planted_unused_field") \
        .get((AE_SOURCE, "planted_unused_field")) == VALUE
    review = review_minimisation(lineage, manifest, feeds)

    unused = _field(review, "mseft_ae_attendances.csv", "PLANTED_UNUSED_FIELD")
    assert not unused.used and unused.published == {}
    assert unused in review.unused
    # a field that only decides which rows a published mart counts is used, by rows
    filtering = _field(review, "mseft_ae_attendances.csv", "PLANTED_FILTER_FIELD")
    assert filtering.used and not filtering.by_value
    assert set(filtering.published["rq1_patient_demographics"].values()) == {ROWS}

    text = minimisation_markdown(review)
    feed_part = text.split("**mseft_ae_attendances.csv** (spec: A&E.xlsx)")[1].split("**")[0]
    assert "`PLANTED_UNUSED_FIELD`" in feed_part
    assert "`PLANTED_FILTER_FIELD`" not in feed_part
    assert "are received, never used" in text


def test_fields_the_outputs_need_are_traced_to_the_published_columns(review):
    arrival = _field(review, "mseft_ae_attendances.csv", "ATTENDANCE_DATETIME")
    assert arrival.published["rq4_outcome_variation"]["value"] == VALUE
    # the postcode places a patient in an area: it decides rows, it is never published
    postcode = _field(review, "mseft_ae_attendances.csv", "POSTCODE")
    assert postcode.used and not postcode.by_value
    # the objections file reaches every mart through the register the loader keeps
    objector = _field(review, "objections.csv", "NHS_NUMBER")
    assert objector.used
    assert set(objector.published) == set(review.published_models)
    assert review.unparsed == {}
    # published = dbt access public = the research-question marts
    assert review.published_models and all(m.startswith("rq")
                                            for m in review.published_models)
