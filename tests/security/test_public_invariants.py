"""Issue 14: the public pages tell one truth. Over the demo data (load_demo, every sample
audited and linked): each number on a public page equals the same number in its download
and in the API; the overview agrees with the matrix; a "<10" count cannot be recovered
from a percentage or rate beside it. Expected facts are worked out here from the
downloads with plain Python, never by the code under test."""

import csv
import io
import json
import re
from collections import defaultdict
from html import unescape

from django.test import Client

FORMULA_QUOTED = {"'=", "'+", "'-", "'@"}
STATE_ORDER = ["none", "pending", "aggregate", "record_unlinkable", "record_linkable"]


def _get(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _download(client, stem: str) -> tuple[list[dict], list[dict]]:
    """(JSON rows, CSV rows) of one public download, both as {column label: text}."""
    data = json.loads(_get(client, f"{stem}.json"))
    labels = {column["key"]: column["label"] for column in data["columns"]}
    from_json = [
        {labels[key]: "" if value is None else str(value) for key, value in row.items()}
        for row in data["rows"]
    ]
    from_csv = [
        # The CSV quotes a cell that would start a spreadsheet formula with "'".
        {key: value[1:] if value[:2] in FORMULA_QUOTED else value for key, value in row.items()}
        for row in csv.DictReader(io.StringIO(_get(client, f"{stem}.csv")))
    ]
    return from_json, from_csv


def _years(text: str) -> set[int]:
    years = set()
    for first, last in re.findall(r"(\d{4})(?:–(\d{4}))?", text):
        years |= set(range(int(first), int(last or first) + 1))
    return years


def test_matrix_page_download_and_api_agree_and_the_overview_summarises_them(demo):
    client = Client()
    from_json, from_csv = _download(client, "/gaps/matrix")
    assert from_json == from_csv and from_json
    api = json.loads(_get(client, "/api/v1/coverage/"))["cells"]
    assert [(c["jurisdiction_slug"], c["stage"], c["year"], c["state"]) for c in api] == [
        (r["Jurisdiction slug"], r["Stage"], int(r["Year"]), r["Coverage"]) for r in from_json
    ]
    # The years span the data only: no century of empty columns.
    years = sorted({int(row["Year"]) for row in from_json})
    assert years[0] >= 1966 and len(years) <= 30

    held: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    names = {}
    for row in from_json:
        names[row["Stage"]] = row["Stage name"]
        if row["Coverage"] != "none":
            held[(row["Jurisdiction slug"], row["Stage"])][row["Coverage"]].add(int(row["Year"]))
    page = unescape(_get(client, "/gaps/"))
    for (place, stage), by_state in held.items():
        desc = re.search(rf'<desc id="svg-desc-{place}">(.*?)</desc>', page, re.S).group(1)
        summary = re.search(rf"{re.escape(names[stage])}: ([^.]*)\.", desc).group(1)
        # Every year of the matrix with data, and no other, is named in the box's words.
        assert _years(summary) == set().union(*by_state.values()), (place, stage, summary)
        best = max(by_state, key=STATE_ORDER.index)
        svg = page.split(f'<desc id="svg-desc-{place}">')[1].split("</svg>")[0]
        stage_box = svg.split('<text class="stage-name"')
        colours = re.findall(r'<rect class="state-([a-z_]+)"', svg)
        assert best in colours, (place, stage, best, colours, len(stage_box))


def test_matrix_linkable_words_match_the_level(demo):
    from_json, _ = _download(Client(), "/gaps/matrix")
    for row in from_json:
        if row["Coverage (words)"] == "Record-level and linkable":
            assert row["Best linkability level"] in {"L2", "L3"}, row


def test_dataset_list_says_linkable_only_at_levels_that_link(demo):
    from_json, from_csv = _download(Client(), "/gaps/datasets")
    assert from_json == from_csv
    assert from_json, "the demo lists datasets"
    for row in from_json:
        if "linkable" in row["Coverage"].lower() and "not linkable" not in row["Coverage"].lower():
            assert row["Linkability"] in {"L2", "L3"}, row


def test_scorecards_are_the_same_on_every_page_download_and_api_answer(demo):
    client = Client()
    from_json, from_csv = _download(client, "/gaps/agencies")
    assert from_json == from_csv
    api = {
        a["name"]: a["scorecard"] for a in json.loads(_get(client, "/api/v1/agencies/"))["results"]
    }
    for row in from_json:
        card = api[row["Agency"]]
        text = lambda v: "" if v is None else str(v)  # noqa: E731
        assert row["Requests sent"] == text(card["requests_sent"])
        assert row["Responded (any first response)"] == text(card["responded"])
        assert row["Answered (final answer)"] == text(card["answered"])
        assert row["Fulfilled (%)"] == text(card["fulfilled_pct"])
        for key in ("requests_sent", "responded", "answered", "open_appeals"):
            value = card[key]
            assert value == "<10" or value == 0 or value >= 10, (row["Agency"], key, value)
        # A rate beside a suppressed count would give it back.
        if card["answered"] == "<10":
            assert card["fulfilled_pct"] is None and card["partially_fulfilled_pct"] is None
        for median in ("median_days_to_first_response", "median_days_to_completion"):
            assert card[median] is None or card[median] >= 0
    agencies = json.loads(_get(client, "/api/v1/agencies/"))["results"]
    for agency in agencies:
        page = _get(client, f"/agencies/{agency['slug']}/")
        for label, key in (
            ("Requests sent", "requests_sent"),
            ("Answered (final answer)", "answered"),
        ):
            shown = re.search(
                rf"<th scope=\"row\">{re.escape(label)}</th><td class=\"num\">([^<]*)<", page
            )
            assert unescape(shown.group(1)) == str(agency["scorecard"][key]), (
                agency["slug"],
                label,
            )


def test_no_small_count_comes_back_from_a_percentage_on_a_dataset_page(demo):
    client = Client()
    datasets, _ = _download(client, "/gaps/datasets")
    assert datasets
    for row in datasets:
        columns, _ = _download(client, f"/gaps/datasets/{row['ID']}/columns")
        rows = row["Rows"]
        for column in columns:
            for label in ("Filled (%)", "Redacted (%)"):
                pct = column[label]
                if not pct:
                    continue
                assert rows != "<10", (row["ID"], column)
                count = round(float(pct) / 100 * int(rows))
                rest = int(rows) - count
                assert not 0 < count < 10 and not 0 < rest < 10, (row["ID"], column, pct)
