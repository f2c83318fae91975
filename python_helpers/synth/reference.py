"""The project's open reference data, as arrays the generator samples from.

Postcode (ONS directory) -> 2021 LSOA -> 2011 LSOA -> IMD 2019, ward and district; per
2011 LSOA, its mid-2020 residents by five-year age band (and its district's sex ratio in
each band) and the Trust's share of its MSOA's admitted patients (OHID catchment data).
Every postcode, LSOA, ward, population and deprivation value the generator writes or
samples from comes from these files, so the drop carries the project's own reference data.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from python_helpers import PROJECT_DIR
from python_helpers.synth.config import ECC_DISTRICTS

# The five-year age bands of the mid-2020 population seeds, as (lowest, highest) ages.
FIVE_YEAR_BANDS = tuple((lo, lo + 4) for lo in range(0, 90, 5)) + ((90, 104),)
FIVE_YEAR_LABELS = tuple(f"{lo}-{hi}" for lo, hi in FIVE_YEAR_BANDS[:-1]) + ("90+",)
POPULATION_COLUMNS = tuple("population_" + label.replace("-", "_").replace("+", "_plus")
                           for label in FIVE_YEAR_LABELS)

IMD_DOMAINS = ("imd", "income", "employment", "education", "health", "crime", "barriers",
               "living_environment")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


@dataclass(frozen=True)
class Geography:
    """One row per postcode of the lookup, with everything derived from it."""
    postcode: np.ndarray       # ONS pcds form, e.g. 'CM1 1AA'
    lsoa21: np.ndarray
    lsoa11: np.ndarray
    lsoa11_name: np.ndarray
    lad_code: np.ndarray
    lad_name: np.ndarray
    ward_code: np.ndarray      # 2019 ward of the 2011 LSOA
    ward_name: np.ndarray
    ranks: dict[str, np.ndarray]    # IMD 2019 rank per domain (1 = most deprived)
    deciles: dict[str, np.ndarray]  # IMD 2019 decile per domain
    weight: np.ndarray         # residents per postcode (mid-2020 LSOA population / postcodes)
    is_ecc: np.ndarray         # in one of ECC's 12 districts
    catchment: np.ndarray      # the Trust's share of the admitted patients of the postcode's MSOA
    lsoa_index: np.ndarray     # index of the postcode's 2011 LSOA into `lsoas`
    lsoas: "Lsoas"

    @property
    def imd_quintile(self) -> np.ndarray:
        return (self.deciles["imd"] + 1) // 2

    def __len__(self) -> int:
        return len(self.postcode)

    def postcode_in(self, rng, lsoa: np.ndarray) -> np.ndarray:
        """A postcode (index into this Geography) drawn uniformly within each given LSOA."""
        a = self.lsoas
        draw = np.floor(rng.random(len(lsoa)) * a.n_postcodes[lsoa]).astype("int64")
        return a.postcodes_by_lsoa[a.first_postcode[lsoa] + draw]


@dataclass(frozen=True)
class Lsoas:
    """One row per 2011 LSOA that has postcodes in the lookup."""
    code: np.ndarray
    lad_code: np.ndarray
    ward_code: np.ndarray
    imd_decile: np.ndarray
    population: np.ndarray     # (LSOAs, 19 five-year bands): mid-2020 persons
    female_share: np.ndarray   # (LSOAs, 19): the district's female share of each band
    catchment: np.ndarray      # the Trust's share of the LSOA's MSOA's admitted patients
    first_postcode: np.ndarray  # where its postcodes start in postcodes_by_lsoa
    n_postcodes: np.ndarray
    postcodes_by_lsoa: np.ndarray  # Geography row numbers, grouped by LSOA

    def __len__(self) -> int:
        return len(self.code)


def _lsoas(root: Path, df: pd.DataFrame, lsoa_codes: np.ndarray) -> Lsoas:
    """Per-LSOA population, sex ratio and catchment share for the LSOAs of `df`."""
    pop = _csv(root / "seeds" / "reference" / "population_mid2020_lsoa11.csv").set_index("lsoa11_code")
    by_sex = _csv(root / "seeds" / "reference" / "population_mid2020_lad_sex.csv")
    by_sex["population"] = by_sex["population"].astype(float)
    sex_table = by_sex.pivot_table(index=["lad_code", "age_band"], columns="sex", values="population")
    female = (sex_table["female"] / (sex_table["female"] + sex_table["male"])).unstack("age_band")
    female = female[list(FIVE_YEAR_LABELS)]
    msoa = _csv(root / "seeds" / "reference" / "lsoa11_msoa11.csv").set_index("lsoa11_code")["msoa11_code"]
    share = _csv(root / "seeds" / "reference" / "trust_catchment_msoa11.csv").set_index("msoa11_code")[
        "proportion"].astype(float)
    first = df.drop_duplicates("lsoa11_code").set_index("lsoa11_code").loc[lsoa_codes]
    rows = pop.loc[lsoa_codes]
    # the position of each LSOA in lsoa_codes, for every postcode row
    per_row = pd.Index(lsoa_codes).get_indexer(df["lsoa11_code"].to_numpy())
    order = np.argsort(per_row, kind="stable")
    counts = np.bincount(per_row, minlength=len(lsoa_codes))
    return Lsoas(
        code=np.asarray(lsoa_codes, dtype=object),
        lad_code=rows["lad19_code"].to_numpy(dtype=object),
        ward_code=first["ward19_code"].to_numpy(dtype=object),
        imd_decile=first["imd_decile"].astype("int64").to_numpy(),
        population=rows[list(POPULATION_COLUMNS)].astype(float).to_numpy(),
        female_share=female.loc[rows["lad19_code"]].to_numpy(),
        catchment=share.loc[msoa.loc[lsoa_codes]].to_numpy(),
        first_postcode=np.r_[0, np.cumsum(counts)[:-1]],
        n_postcodes=counts,
        postcodes_by_lsoa=order,
    )


@lru_cache(maxsize=4)
def geography(project_dir: str = str(PROJECT_DIR)) -> Geography:
    root = Path(project_dir)
    pcs = _csv(root / "reference" / "postcode_lsoa21.csv")
    lsoa = _csv(root / "seeds" / "reference" / "lsoa11_lsoa21_lad22.csv")
    imd = _csv(root / "seeds" / "reference" / "imd2019_lsoa11.csv")
    ward = _csv(root / "seeds" / "reference" / "lsoa11_ward19_lad19.csv")
    pop = _csv(root / "seeds" / "reference" / "population_mid2020_lsoa11.csv")

    df = (pcs.merge(lsoa[["lsoa21_code", "lsoa11_code", "lsoa11_name", "lad22_code", "lad22_name"]],
                    on="lsoa21_code", how="inner", validate="many_to_one")
          .merge(imd.drop(columns=["lsoa11_name", "lad19_code", "lad19_name"]),
                 on="lsoa11_code", how="inner", validate="many_to_one")
          .merge(ward[["lsoa11_code", "ward19_code", "ward19_name"]], on="lsoa11_code",
                 how="inner", validate="many_to_one")
          .merge(pop[["lsoa11_code", "population_total"]],
                 on="lsoa11_code", how="inner", validate="many_to_one"))
    df = df[df["lad22_code"] == df["lad24_code"]].sort_values("pcds", kind="stable")
    df = df.reset_index(drop=True)

    total = df["population_total"].astype(float).to_numpy()
    per_lsoa = df.groupby("lsoa11_code")["pcds"].transform("size").to_numpy()
    lad = df["lad22_code"].to_numpy()
    lsoa_codes = np.sort(df["lsoa11_code"].unique())
    lsoas = _lsoas(root, df, lsoa_codes)
    lsoa_index = pd.Index(lsoa_codes).get_indexer(df["lsoa11_code"].to_numpy())
    return Geography(
        postcode=df["pcds"].to_numpy(dtype=object),
        lsoa21=df["lsoa21_code"].to_numpy(dtype=object),
        lsoa11=df["lsoa11_code"].to_numpy(dtype=object),
        lsoa11_name=df["lsoa11_name"].to_numpy(dtype=object),
        lad_code=lad.astype(object),
        lad_name=df["lad22_name"].to_numpy(dtype=object),
        ward_code=df["ward19_code"].to_numpy(dtype=object),
        ward_name=df["ward19_name"].to_numpy(dtype=object),
        ranks={d: df[f"{d}_rank"].astype("int64").to_numpy() for d in IMD_DOMAINS},
        deciles={d: df[f"{d}_decile"].astype("int64").to_numpy() for d in IMD_DOMAINS},
        weight=total / per_lsoa,
        is_ecc=np.isin(lad, ECC_DISTRICTS),
        catchment=lsoas.catchment[lsoa_index],
        lsoa_index=lsoa_index,
        lsoas=lsoas,
    )


@lru_cache(maxsize=4)
def code_lists(project_dir: str = str(PROJECT_DIR)) -> dict[str, frozenset[str]]:
    """code_type -> accepted codes: the NHS Data Dictionary lists, ethnic categories and
    the protocol's health condition types (the registry's `code_list` names)."""
    root = Path(project_dir) / "seeds" / "reference"
    dd = _csv(root / "nhs_data_dictionary_codes.csv")
    lists = {t: frozenset(g["code"]) for t, g in dd.groupby("code_type")}
    lists["ethnic_category"] = frozenset(_csv(root / "ethnic_category.csv")["ethnic_category_code"])
    lists["health_condition_types"] = frozenset(
        _csv(root / "health_condition_types.csv")["health_condition_type"])
    return lists


@lru_cache(maxsize=4)
def ethnic_categories(project_dir: str = str(PROJECT_DIR)) -> pd.DataFrame:
    return _csv(Path(project_dir) / "seeds" / "reference" / "ethnic_category.csv")


@lru_cache(maxsize=4)
def health_conditions(project_dir: str = str(PROJECT_DIR)) -> pd.DataFrame:
    return _csv(Path(project_dir) / "seeds" / "reference" / "health_condition_types.csv")


def check_codes(code_type: str, codes) -> None:
    """Fail loudly if the generator's own code tables drift from the reference lists."""
    known = code_lists()[code_type]
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ValueError(f"generator uses {code_type} codes not in the reference data: {unknown}")
