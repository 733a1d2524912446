"""Load the project's tables as typed pandas DataFrames, validated against data/datapackage.json."""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR
from .validate import DataError, read_datapackage, validate

def _fingerprint(data_dir: Path) -> tuple:
    """Changes whenever a file in the folder changes, so cached tables never go stale in a long-lived kernel."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in data_dir.glob("*.csv")))


@functools.lru_cache(maxsize=4)
def _validated_package(data_dir: Path, fingerprint: tuple) -> dict:
    problems = validate(data_dir)
    if problems:
        raise DataError(problems)
    return read_datapackage(data_dir)


def _date_start(text: pd.Series) -> pd.Series:
    """An ISO date at year, month or day precision as the first day of that period."""
    padded = text.where(text.str.len() != 4, text + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d")


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    for field in fields:
        name, kind = field["name"], field["type"]
        column = frame[name]
        cons = field.get("constraints", {})
        if kind == "integer":
            frame[name] = pd.to_numeric(column.replace("", None)).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column.replace("", None)).astype("float64")
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False}).astype("boolean")
        elif name in ("date", "end_date") and "pattern" in cons:
            frame[f"{name}_iso"] = column.replace("", pd.NA)
            present = column != ""
            converted = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            converted[present] = _date_start(column[present])
            frame[name] = converted
        elif "enum" in cons:
            frame[name] = pd.Categorical(column.replace("", None), categories=cons["enum"],
                                         ordered=bool(field.get("categoriesOrdered")))
        else:
            frame[name] = column.replace("", pd.NA).astype("string")
    return frame


@functools.lru_cache(maxsize=32)
def _load_cached(name: str, data_dir: Path, fingerprint: tuple) -> pd.DataFrame:
    package = _validated_package(data_dir, fingerprint)
    resources = {r["name"]: r for r in package["resources"]}
    if name not in resources:
        raise KeyError(f"no table '{name}'; tables are: {', '.join(resources)}")
    resource = resources[name]
    frame = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8")
    return _typed(frame, resource["schema"]["fields"])


def load(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Table `name` as a typed DataFrame; raises DataError listing file:line: column: problem if the data is invalid.

    Dates become datetimes at the start of their period (the text form stays in `<column>_iso`); enumerated fields
    become categories, ordered where the schema orders them.
    """
    data_dir = Path(data_dir).resolve()
    return _load_cached(name, data_dir, _fingerprint(data_dir)).copy()


def table_names(data_dir: Path | str = DATA_DIR) -> list[str]:
    return [r["name"] for r in read_datapackage(Path(data_dir))["resources"]]


def sources_for(*frames: pd.DataFrame, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """The `sources` rows behind the given tables, for a notebook's closing list of sources."""
    ids = set().union(*(set(f["source_id"].dropna()) for f in frames))
    sources = load("sources", data_dir)
    return sources[sources["source_id"].isin(ids)].sort_values("source_id").reset_index(drop=True)


def country_names(data_dir: Path | str = DATA_DIR) -> dict[str, str]:
    countries = load("countries", data_dir)
    return dict(zip(countries["iso3"], countries["name_en"]))
