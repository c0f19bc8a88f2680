"""`manage.py load_agencies FILE.csv` (issue 17).

The CSVs here are SYNTHETIC. They follow the column names of the Police Data Accessibility
Project's published agency table (data-sources-app, `agencies_expanded`: name,
homepage_url, jurisdiction_type, state_iso, county_name, locality_name, agency_type, id);
the agencies named are real bodies but the rows are made up for the test.
"""

import csv
import io
import time

import pytest
from django.core.management import CommandError, call_command

from foiatrack.foia.deadlines import compute_deadline
from foiatrack.foia.models import Agency, Jurisdiction
from foiatrack.foia.selectors import calendar_for_agency

HEADER = [
    "name", "homepage_url", "jurisdiction_type", "state_iso", "county_name",
    "locality_name", "agency_type", "id",
]  # fmt: skip
ROWS = [
    ["Chicago Police Department", "https://www.chicagopolice.org", "local", "IL", "Cook",
     "Chicago", "law enforcement", "rec001"],
    ["Cook County Sheriff's Office", "https://www.cookcountysheriffil.gov", "county", "IL",
     "Cook", "", "law enforcement", "rec002"],
    ["Illinois State Police", "https://isp.illinois.gov", "state", "IL", "", "",
     "law enforcement", "rec003"],
    ["Seattle Police Department", "", "local", "Washington", "King", "Seattle",
     "law enforcement", "rec004"],
    ["Federal Bureau of Investigation", "https://www.fbi.gov", "federal", "", "", "",
     "law enforcement", "rec005"],
    ["", "https://example.org", "local", "IL", "Cook", "Evanston", "police", "rec006"],
    ["Nowhere Police", "", "local", "Atlantis", "", "Nowhere", "police", "rec007"],
    ["Bad Homepage PD", "www.example.org", "local", "IL", "Cook", "Oak Park", "police", "rec008"],
    ["Chicago Police Department", "https://www.chicagopolice.org", "local", "IL", "Cook",
     "Chicago", "law enforcement", "rec001"],
]  # fmt: skip


def _csv(rows, header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def pdap_file(tmp_path):
    path = tmp_path / "pdap_agencies_synthetic.csv"
    path.write_text(_csv(ROWS))
    return path


def _run(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_agencies", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_good_rows_and_reports_each_bad_row_by_line(db, pdap_file):
    out, err = _run(pdap_file)

    # Good rows: the ones with a name, a known state and an http(s) homepage, once each.
    good = [r for r in ROWS if r[0] and r[3] in ("IL", "Washington", "") and
            (not r[1] or r[1].startswith("https://"))]  # fmt: skip
    assert Agency.objects.count() == len({r[7] for r in good})
    assert "line 7: the agency name is empty" in err
    assert "line 8: unknown state 'Atlantis'" in err
    assert "line 9: the homepage 'www.example.org' is not an http(s) address" in err
    assert "line 10: the same agency as line 2" in err
    assert "5 created, 0 updated, 0 unchanged" in out


def test_it_builds_the_jurisdiction_chain_with_each_states_law(db, pdap_file):
    _run(pdap_file)

    police = Agency.objects.get(pdap_id="rec001")
    chicago = police.jurisdiction
    assert (chicago.name, chicago.level, chicago.law) == ("City of Chicago", "city", "il-foia")
    assert chicago.parent.name == "Cook County"
    assert chicago.parent.parent.name == "State of Illinois"
    seattle = Agency.objects.get(pdap_id="rec004").jurisdiction
    assert (seattle.law, seattle.state) == ("wa-pra", "WA")
    assert Agency.objects.get(pdap_id="rec005").jurisdiction.law == "federal-foia"


def test_a_loaded_state_agency_counts_on_the_state_calendar(db, pdap_file):
    _run(pdap_file)
    state_police = Agency.objects.get(pdap_id="rec003")

    calendar = calendar_for_agency(state_police)
    deadline = compute_deadline(law="il-foia", received=date_(2026, 2, 27), calendar=calendar)

    assert (calendar.name, deadline.due) == ("il-state", date_(2026, 3, 6))


def test_a_second_run_changes_nothing(db, pdap_file):
    _run(pdap_file)
    before = list(Agency.objects.values_list("id", "slug", "name", "jurisdiction_id"))
    jurisdictions = Jurisdiction.objects.count()

    out, _ = _run(pdap_file)

    assert "0 created, 0 updated, 5 unchanged; 0 jurisdictions created" in out
    assert list(Agency.objects.values_list("id", "slug", "name", "jurisdiction_id")) == before
    assert Jurisdiction.objects.count() == jurisdictions


def test_an_existing_directory_jurisdiction_is_reused_not_duplicated(db, pdap_file):
    Jurisdiction.objects.create(
        name="City of Chicago", slug="chicago", level="city", law="il-foia", state="IL"
    )

    _run(pdap_file)

    assert Agency.objects.get(pdap_id="rec001").jurisdiction.slug == "chicago"
    assert Jurisdiction.objects.filter(name="City of Chicago").count() == 1


def test_a_changed_homepage_is_updated(db, pdap_file, tmp_path):
    _run(pdap_file)
    changed = [list(ROWS[0])]
    changed[0][1] = "https://home.chicagopolice.org"
    path = tmp_path / "changed.csv"
    path.write_text(_csv(changed))

    out, _ = _run(path)

    assert "0 created, 1 updated" in out
    assert Agency.objects.get(pdap_id="rec001").homepage_url == "https://home.chicagopolice.org"


def test_a_file_without_a_name_column_fails_with_a_message(db, tmp_path):
    path = tmp_path / "no_name.csv"
    path.write_text(_csv([["IL"]], header=["state_iso"]))

    with pytest.raises(CommandError, match="No agency name column"):
        _run(path)


def test_a_file_where_no_row_loads_exits_non_zero(db, tmp_path):
    path = tmp_path / "all_bad.csv"
    path.write_text(_csv([ROWS[5], ROWS[6]]))

    with pytest.raises(CommandError, match="No row could be loaded"):
        _run(path)


def test_18000_agencies_load_in_bulk(db, tmp_path, django_assert_max_num_queries):
    # Synthetic: 18,000 rows over 10 states, 300 counties and 18,000 towns, PDAP column
    # names. SQLite caps parameters per statement, so a bulk insert takes a few hundred
    # statements here: far fewer than one per row (18,000 agencies + 18,300 places).
    states = ["IL", "WA", "TX", "CA", "NY", "PA", "OH", "GA", "MI", "NC"]
    rows = [
        [f"Town {i} Police Department", f"https://town{i}.example.gov", "local",
         states[i % 10], f"County {i % 300}", f"Town {i}", "law enforcement", f"syn{i:05d}"]
        for i in range(18_000)
    ]  # fmt: skip
    path = tmp_path / "pdap_agencies_18000_synthetic.csv"
    path.write_text(_csv(rows))

    started = time.perf_counter()
    with django_assert_max_num_queries(1000):
        out, _ = _run(path)
    elapsed = time.perf_counter() - started

    assert "18000 created" in out
    assert Agency.objects.count() == 18_000
    print(f"18,000 agencies in {elapsed:.1f} s")


def date_(year, month, day):
    from datetime import date

    return date(year, month, day)
