"""The project's open reference data, as arrays the generator samples from.

Postcode (ONS directory) -> 2021 LSOA -> 2011 LSOA -> IMD 2019, ward and district. Every
postcode, LSOA, ward and deprivation value the generator writes comes from these files,
so the drop carries the project's own reference data.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from python_helpers import PROJECT_DIR
from python_helpers.synth.config import DISTRICT_CATCHMENT, ECC_DISTRICTS

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
    weight: np.ndarray         # residents per postcode (2015 LSOA population / postcodes)
    pop_0_15: np.ndarray       # LSOA age mix of the postcode's residents (shares)
    pop_16_59: np.ndarray
    is_ecc: np.ndarray         # in one of ECC's 12 districts
    catchment: np.ndarray      # relative use of MSEFT by the postcode's district

    @property
    def imd_quintile(self) -> np.ndarray:
        return (self.deciles["imd"] + 1) // 2

    def __len__(self) -> int:
        return len(self.postcode)


@lru_cache(maxsize=4)
def geography(project_dir: str = str(PROJECT_DIR)) -> Geography:
    root = Path(project_dir)
    pcs = _csv(root / "reference" / "postcode_lsoa21.csv")
    lsoa = _csv(root / "seeds" / "reference" / "lsoa11_lsoa21_lad22.csv")
    imd = _csv(root / "seeds" / "reference" / "imd2019_lsoa11.csv")
    ward = _csv(root / "seeds" / "reference" / "lsoa11_ward19_lad19.csv")
    pop = _csv(root / "seeds" / "reference" / "population_mid2015_lsoa11.csv")

    df = (pcs.merge(lsoa[["lsoa21_code", "lsoa11_code", "lsoa11_name", "lad22_code", "lad22_name"]],
                    on="lsoa21_code", how="inner", validate="many_to_one")
          .merge(imd.drop(columns=["lsoa11_name", "lad19_code", "lad19_name"]),
                 on="lsoa11_code", how="inner", validate="many_to_one")
          .merge(ward[["lsoa11_code", "ward19_code", "ward19_name"]], on="lsoa11_code",
                 how="inner", validate="many_to_one")
          .merge(pop[["lsoa11_code", "population_total", "population_0_15", "population_16_59"]],
                 on="lsoa11_code", how="inner", validate="many_to_one"))
    df = df[df["lad22_code"] == df["lad24_code"]].sort_values("pcds", kind="stable")
    df = df.reset_index(drop=True)

    total = df["population_total"].astype(float).to_numpy()
    per_lsoa = df.groupby("lsoa11_code")["pcds"].transform("size").to_numpy()
    lad = df["lad22_code"].to_numpy()
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
        pop_0_15=df["population_0_15"].astype(float).to_numpy() / total,
        pop_16_59=df["population_16_59"].astype(float).to_numpy() / total,
        is_ecc=np.isin(lad, ECC_DISTRICTS),
        catchment=np.array([DISTRICT_CATCHMENT[c] for c in lad]),
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
