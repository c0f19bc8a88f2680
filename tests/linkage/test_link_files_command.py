"""`manage.py link_files`: files read and audited by the audit engine, then linked."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from .known_truth import calls_and_reports

PROMISED_KEYS = [
    "left_rows",
    "right_rows",
    "linked_left",
    "linked_right",
    "link_rate",
    "method",
    "keys",
]


def _write(truth, folder):
    """calls.csv imitates a CAD export, reports.csv Chicago's crimes file (synthetic)."""
    calls, reports = folder / "calls.csv", folder / "reports.csv"
    truth.calls.to_csv(calls, index=False)
    truth.reports.to_csv(reports, index=False)
    return calls, reports


def _run(*args) -> str:
    out = StringIO()
    call_command("link_files", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def test_json_output_is_one_object_with_the_promised_keys_first(tmp_path):
    truth = calls_and_reports(calls=150, reports=40)
    truth.calls["RD #"] = [
        None if key is None else (key.lower() if row % 2 else f"{key[:2]}-{key[2:]}")
        for row, key in enumerate(truth.calls["RD #"])
    ]
    calls, reports = _write(truth, tmp_path)

    payload = json.loads(_run(calls, reports, "--json"))

    assert list(payload)[: len(PROMISED_KEYS)] == PROMISED_KEYS
    assert payload["method"] == "deterministic"
    assert payload["keys"][0]["kind"] == "report_number"
    assert (payload["left_rows"], payload["right_rows"]) == (150, 40)
    assert (payload["linked_left"], payload["linked_right"]) == (len(truth.true_pairs), 40)
    assert payload["link_rate"] == pytest.approx(len(truth.true_pairs) / 150)


def test_named_key_columns_replace_the_automatic_choice(tmp_path):
    truth = calls_and_reports(calls=60, reports=20)
    truth.calls["Ref"] = truth.calls.pop("RD #")
    truth.reports["Ticket"] = truth.reports.pop("Case Number")
    calls, reports = _write(truth, tmp_path)

    payload = json.loads(
        _run(calls, reports, "--json", "--left-key", "Ref", "--right-key", "Ticket")
    )

    assert payload["method"] == "deterministic"
    assert (payload["keys"][0]["left"], payload["keys"][0]["right"]) == ("Ref", "Ticket")
    assert payload["linked_left"] == len(truth.true_pairs)


def test_files_without_keys_are_linked_on_time_place_and_type(tmp_path):
    truth = calls_and_reports(calls=600, reports=150, days=10, with_keys=False)
    calls, reports = _write(truth, tmp_path)

    payload = json.loads(_run(calls, reports, "--json"))

    assert payload["method"] == "probabilistic"
    assert 0.8 * len(truth.true_pairs) <= payload["linked_right"] <= len(truth.true_pairs)


def test_readable_summary_names_the_method_and_the_rates(tmp_path):
    truth = calls_and_reports(calls=50, reports=10)
    calls, reports = _write(truth, tmp_path)

    text = _run(calls, reports)

    assert "method: deterministic on report_number (RD # ~ Case Number)" in text
    assert f"linked: {len(truth.true_pairs)} left rows (20.0%)" in text


def test_unreadable_file_exits_with_status_2_and_one_line(tmp_path, capsys):
    picture = tmp_path / "scan.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    truth = calls_and_reports(calls=10, reports=2)
    _calls, reports = _write(truth, tmp_path)

    with pytest.raises(SystemExit) as stopped:
        _run(picture, reports, "--json")

    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("link_files: ")
    assert error.count("\n") == 1


def test_missing_file_exits_with_status_2(tmp_path, capsys):
    truth = calls_and_reports(calls=10, reports=2)
    calls, _reports = _write(truth, tmp_path)

    with pytest.raises(SystemExit) as stopped:
        _run(calls, tmp_path / "nowhere.csv", "--json")

    assert stopped.value.code == 2
    assert capsys.readouterr().err.startswith("link_files: ")


def test_unknown_key_column_exits_with_status_2_naming_it(tmp_path, capsys):
    truth = calls_and_reports(calls=10, reports=2)
    calls, reports = _write(truth, tmp_path)

    with pytest.raises(SystemExit) as stopped:
        _run(calls, reports, "--left-key", "Nope", "--right-key", "Case Number")

    assert stopped.value.code == 2
    assert "'Nope'" in capsys.readouterr().err


def test_a_table_inside_an_archive_is_named_after_two_colons(tmp_path):
    truth = calls_and_reports(calls=80, reports=20)
    calls, reports = _write(truth, tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(calls, "export/calls.csv")
        bundle.write(reports, "export/reports.csv")

    payload = json.loads(
        _run(f"{archive}::export/calls.csv", f"{archive}::export/reports.csv", "--json")
    )

    assert (payload["left_rows"], payload["right_rows"]) == (80, 20)
    assert payload["linked_left"] == len(truth.true_pairs)


def test_a_table_name_the_file_lacks_exits_with_status_2_listing_its_tables(tmp_path, capsys):
    truth = calls_and_reports(calls=10, reports=2)
    calls, reports = _write(truth, tmp_path)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(calls, "calls.csv")

    with pytest.raises(SystemExit) as stopped:
        _run(f"{archive}::arrests.csv", reports)

    assert stopped.value.code == 2
    assert "calls.csv" in capsys.readouterr().err
