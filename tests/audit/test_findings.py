"""Findings: granularity, areas against the jurisdiction's districts for the period, periods."""

from foiatrack.audit import audit_table, list_tables

from .conftest import flag_codes


def _calls(write_file, year: int, districts: list[int]) -> str:
    rows = "".join(
        f"{i},{(i % 12) + 1:02d}/15/{year},THEFT,{d}\n"
        for i, d in enumerate(districts * 12, start=1)
    )
    return write_file(f"calls_{year}.csv", "Event#,Date,Type,District\n" + rows)


def _audit(path: str, **kwargs):
    return audit_table(path, list_tables(path)[0], **kwargs)


CURRENT = [*range(1, 13), *range(14, 21), 22, 24, 25]


def test_data_after_2012_is_checked_against_the_22_current_districts(write_file):
    audit = _audit(_calls(write_file, 2013, CURRENT), jurisdiction="chicago")
    assert audit.missing_areas == []
    assert "MISSING_AREAS" not in flag_codes(audit)


def test_data_before_2012_misses_the_districts_merged_away_later(write_file):
    audit = _audit(_calls(write_file, 2011, CURRENT), jurisdiction="chicago")
    assert audit.missing_areas == ["13", "21", "23"]
    flag = next(f for f in audit.flags if f.code == "MISSING_AREAS")
    assert flag.evidence["missing"] == ["13", "21", "23"]


def test_areas_are_not_judged_for_an_unknown_jurisdiction(write_file):
    audit = _audit(_calls(write_file, 2011, [1, 2]), jurisdiction="atlantis")
    assert audit.areas_covered == ["1", "2"]
    assert audit.missing_areas == []


def test_missing_months_are_listed_for_record_level_data(write_file):
    rows = "".join(f"{i},{m:02d}/03/2011,X\n" for i, m in enumerate([1, 2, 5, 6], start=1))
    audit = _audit(write_file("gaps.csv", "Event#,Date,Type\n" + rows))
    assert audit.missing_periods == ["2011-03", "2011-04"]
    assert (audit.period_start, audit.period_end) == ("2011-01-03", "2011-06-03")


def test_missing_years_are_listed_for_yearly_aggregates(write_file):
    rows = "".join(f"{y},{d},10\n" for y in (2008, 2009, 2011) for d in (1, 2))
    audit = _audit(write_file("years.csv", "Year,District,Count\n" + rows))
    assert audit.granularity == "aggregate"
    assert audit.missing_periods == ["2010"]
    assert audit.total_by_year == {"2008": 20, "2009": 20, "2011": 20}


def test_a_count_column_beside_a_record_id_stays_record_level(write_file):
    rows = "".join(f"{i},THEFT,1\n" for i in range(1, 30))
    audit = _audit(write_file("ids.csv", "Event#,Type,Count\n" + rows))
    assert audit.granularity == "record"
    assert audit.total_by_year is None


def test_a_record_id_that_no_other_stage_uses_still_flags_no_incident_link(write_file):
    rows = "".join(f"{i},{(i % 12) + 1:02d}/15/2011,THEFT,100 N STATE ST\n" for i in range(1, 40))
    audit = _audit(write_file("ids.csv", "ID,Date,Type,Address\n" + rows))
    assert flag_codes(audit) == {"NO_INCIDENT_LINK"}
    flag = audit.flags[0]
    assert flag.severity == "high"
    assert flag.evidence == {"link_key_columns": 0}


def test_only_a_weekday_breakdown_is_coarse_time(write_file):
    rows = "".join(f"{day},{d},{10 + d}\n" for day in ("Monday", "Tuesday") for d in (1, 2))
    audit = _audit(write_file("weekday.csv", "Day of Week,District,Calls\n" + rows))
    assert (audit.granularity, audit.time_resolution) == ("aggregate", "weekday")
    assert "COARSE_TIME" in flag_codes(audit)
    assert audit.total_by_year is None
