"""Reno CAD × RMS (real, headerless) through `link_files --json`: shared call numbers and
time gaps computed here with plain pandas; plus synthetic pairs that must not link exactly
(tests/corpus/meaning)."""

import json
from io import StringIO
from pathlib import Path

import pandas as pd
from django.core.management import call_command

from tests.conftest import REPO_ROOT, require

REAL = REPO_ROOT.parent / "shared" / "realdata" / "files"
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "meaning"


def link(left, right, *extra) -> dict:
    out = StringIO()
    call_command("link_files", str(left), str(right), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_reno_cad_and_rms_link_on_their_shared_call_numbers_with_time_gaps():
    cad_path, rms_path = (
        REAL / "reno_cad_calls_2011-10-06.csv",
        REAL / "reno_rms_reports_2011-10-06.csv",
    )
    require(cad_path.exists() and rms_path.exists(), "Reno real files not present")
    cad = pd.read_csv(cad_path, header=None, dtype=str)
    rms = pd.read_csv(rms_path, header=None, dtype=str)
    shared = set(cad[0].str.strip()) & set(rms[0].str.strip())
    pairs = cad.merge(rms, on=0)
    stamp = "%m%d%Y%H%M%S"
    gaps = (
        pd.to_datetime(pairs["2_y"] + pairs["3_y"], format=stamp)
        - pd.to_datetime(pairs["2_x"] + pairs["3_x"], format=stamp)
    ).dt.total_seconds()
    result = link(cad_path, rms_path)
    assert (result["left_rows"], result["right_rows"]) == (len(cad), len(rms))
    assert result["method"] == "deterministic"
    assert result["linked_left"] == cad[0].isin(shared).sum()
    assert result["linked_right"] == rms[0].isin(shared).sum()
    assert result["details"]["time_gaps"]["min_seconds"] == gaps.min()
    assert result["details"]["time_gaps"]["max_seconds"] == gaps.max()
    assert result["details"]["time_gaps"]["refused_pairs"] == 0


def test_headerless_synthetic_pair_links_on_value_found_keys():
    cad = pd.read_csv(CORPUS / "headerless_cad.csv", header=None, dtype=str)
    rms = pd.read_csv(CORPUS / "headerless_rms.csv", header=None, dtype=str)
    result = link(CORPUS / "headerless_cad.csv", CORPUS / "headerless_rms.csv")
    assert (result["left_rows"], result["right_rows"]) == (len(cad), len(rms))
    shared = set(cad[0]) & set(rms[0])
    assert result["method"] == "deterministic"
    assert result["linked_left"] == cad[0].isin(shared).sum()
    assert result["details"]["time_gaps"]["refused_pairs"] == 0


def test_keys_that_share_no_values_are_not_a_link_and_the_reason_says_so():
    calls = pd.read_csv(CORPUS / "disjoint_calls.csv", dtype=str)
    reports = pd.read_csv(CORPUS / "disjoint_reports.csv", dtype=str)
    assert not set(calls["case_number"]) & set(reports["case_number"])
    result = link(CORPUS / "disjoint_calls.csv", CORPUS / "disjoint_reports.csv")
    assert result["method"] != "deterministic"
    assert "share no values" in result["reason"]
    tried = result["details"]["key_check"]["tried"]
    assert tried == [{"left": "case_number", "right": "case_number", "shared_values": 0}]


def test_pairs_a_year_apart_are_refused_not_exact():
    calls = pd.read_csv(CORPUS / "far_calls.csv", dtype=str)
    reports = pd.read_csv(CORPUS / "far_reports.csv", dtype=str)
    merged = calls.merge(reports, on="case_number")
    gap_days = (pd.to_datetime(merged["date"]) - pd.to_datetime(merged["call_datetime"])).dt.days
    assert (gap_days < -300).all()
    result = link(CORPUS / "far_calls.csv", CORPUS / "far_reports.csv")
    gaps = result["details"]["time_gaps"]
    assert gaps["refused_pairs"] == len(merged)
    assert result["linked_left"] == 0
    assert result["confidence"]["exact_after_normalisation"] is False
    assert gaps["max_seconds"] < -300 * 86400


def test_a_wider_window_accepts_the_far_pairs():
    result = link(CORPUS / "far_calls.csv", CORPUS / "far_reports.csv", "--max-days-before", "400")
    calls = pd.read_csv(CORPUS / "far_calls.csv", dtype=str)
    assert result["linked_left"] == len(calls)


def test_real_report_numbers_of_two_cities_share_nothing_and_do_not_link():
    seattle, chicago = REAL / "seattle_911_calls_2016-03.csv", REAL / "chicago_crimes_2012_api.csv"
    require(seattle.exists() and chicago.exists(), "real files not present")
    left = pd.read_csv(seattle, dtype=str)["General Offense Number"].str.upper()
    right = pd.read_csv(chicago, dtype=str)["case_number"].str.upper()
    assert not set(left.dropna()) & set(right.dropna())
    result = link(seattle, chicago)
    assert result["method"] != "deterministic" and result["linked_left"] == 0
    assert "share no values" in result["reason"]
    assert {"left": "General Offense Number", "right": "case_number", "shared_values": 0} in (
        result["details"]["key_check"]["tried"]
    )
