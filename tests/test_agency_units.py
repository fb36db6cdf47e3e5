"""Units that change (CONTRACT §5): the agencies import's rules, successor chains, current units."""

from datetime import date

import pytest

from portal.agencies.units import load_units
from portal.extensions import db
from portal.models import Agency

HEADER = "code,name_vi,level,parent_code,active_from,active_to,successor_code\n"
PROVINCE = "T,Tỉnh,province,,,,\n"


def errors_of(result) -> list[str]:
    return list(result.errors)


def test_a_file_may_name_parents_and_successors_before_their_own_rows(import_csv):
    result = import_csv(
        "agencies",
        HEADER
        + "OLD,Sở cũ,province,T,,2025-02-28,NEW\n"
        + "NEW,Sở mới,province,T,2025-03-01,,\n"
        + PROVINCE,
    )
    assert (result.inserted, result.rejected) == (3, 0)


def test_active_to_before_active_from_is_refused(import_csv):
    result = import_csv("agencies", HEADER + PROVINCE + "A,Sở,province,T,2025-03-01,2025-02-28,\n")
    assert errors_of(result) == ["row 3: active_to is before active_from"]
    assert result.inserted == 1


def test_a_date_that_is_not_yyyy_mm_dd_is_refused(import_csv):
    result = import_csv("agencies", HEADER + PROVINCE + "A,Sở,province,T,01/03/2025,,\n")
    assert errors_of(result) == ["row 3: active_from is not a date (YYYY-MM-DD): '01/03/2025'"]


def test_an_unknown_parent_or_successor_is_refused(import_csv):
    result = import_csv(
        "agencies",
        HEADER + PROVINCE + "A,Sở A,province,NOPE,,,\n" + "B,Sở B,province,T,,2025-06-30,GONE\n",
    )
    assert errors_of(result) == [
        "row 3: unknown parent_code 'NOPE'",
        "row 4: unknown successor_code 'GONE'",
    ]


def test_a_unit_already_in_the_database_may_be_named(import_csv):
    import_csv("agencies", HEADER + PROVINCE + "NEW,Sở mới,province,T,2025-03-01,,\n")
    result = import_csv("agencies", HEADER + "OLD,Sở cũ,province,T,,2025-02-28,NEW\n")
    assert (result.inserted, result.rejected) == (1, 0)


def test_a_row_naming_a_refused_row_is_refused_too(import_csv):
    result = import_csv(
        "agencies",
        HEADER + PROVINCE + "A,Sở A,province,T,,2025-06-30,B\n" + "B,Sở B,planet,T,2025-07-01,,\n",
    )
    assert errors_of(result) == [
        "row 3: unknown successor_code 'B'",
        "row 4: unknown level 'planet' (expected one of: province, district, commune)",
    ]


def test_a_successor_chain_that_loops_is_refused(import_csv):
    result = import_csv(
        "agencies",
        HEADER
        + PROVINCE
        + "A,Sở A,province,T,,,B\n"
        + "B,Sở B,province,T,,,C\n"
        + "C,Sở C,province,T,,,A\n"
        + "D,Sở D,province,T,,,D\n"
        + "E,Sở E,province,T,,,A\n",
    )
    assert errors_of(result) == [
        "row 3: the successor chain loops: A → B → C → A",
        "row 4: the successor chain loops: B → C → A → B",
        "row 5: the successor chain loops: C → A → B → C",
        "row 6: the successor chain loops: D → D",
        "row 7: unknown successor_code 'A'",
    ]


def test_a_loop_closed_through_the_database_is_refused(import_csv):
    import_csv("agencies", HEADER + PROVINCE + "A,Sở A,province,T,,,B\nB,Sở B,province,T,,,\n")
    result = import_csv("agencies", HEADER + "B,Sở B,province,T,,,A\n")
    assert errors_of(result) == ["row 2: the successor chain loops: B → A → B"]


def test_a_successor_not_active_the_day_after_active_to_is_refused(import_csv):
    result = import_csv(
        "agencies",
        HEADER
        + PROVINCE
        + "LATE,Sở mới muộn,province,T,2025-07-02,,\n"
        + "ENDED,Sở đã giải thể,province,T,,2025-06-29,\n"
        + "A,Sở A,province,T,,2025-06-30,LATE\n"
        + "B,Sở B,province,T,,2025-06-30,ENDED\n"
        + "C,Sở C,province,T,,2025-07-01,LATE\n",
    )
    assert errors_of(result) == [
        "row 5: successor 'LATE' is not active on 2025-07-01, the day after active_to",
        "row 6: successor 'ENDED' is not active on 2025-07-01, the day after active_to",
    ]
    assert result.inserted == 4


def test_moving_a_stored_successor_s_dates_away_from_its_predecessor_is_refused(import_csv):
    import_csv(
        "agencies",
        HEADER + PROVINCE + "OLD,Sở cũ,province,T,,2025-02-28,NEW\nNEW,Sở mới,province,T,,,\n",
    )
    result = import_csv("agencies", HEADER + "NEW,Sở mới,province,T,2025-04-01,,\n")
    assert errors_of(result) == [
        "row 2: agency 'OLD' names it as successor from 2025-03-01, when it would not be active"
    ]


def test_strict_imports_nothing_when_rows_break_the_rules_between_them(import_csv, app):
    result = import_csv("agencies", HEADER + PROVINCE + "A,Sở A,province,T,,,X\n", strict=True)
    assert result.rejected == 1 and result.inserted == 0
    with app.app_context():
        assert db.session.query(Agency).count() == 0


def test_a_file_without_the_new_columns_keeps_the_stored_dates(import_csv, app):
    import_csv(
        "agencies",
        HEADER + PROVINCE + "OLD,Sở cũ,province,T,,2025-02-28,NEW\nNEW,Sở mới,province,T,,,\n",
    )
    again = import_csv("agencies", "code,name_vi,level,parent_code\nOLD,Sở cũ,province,T\n")
    assert (again.updated, again.unchanged, again.rejected) == (0, 1, 0)
    with app.app_context():
        old = db.session.query(Agency).filter_by(code="OLD").one()
        assert (old.active_to, old.successor_code) == (date(2025, 2, 28), "NEW")


def test_reimporting_the_same_file_changes_nothing_and_a_new_date_is_an_update(import_csv):
    text = HEADER + PROVINCE + "A,Sở A,province,T,2020-01-01,,\n"
    assert import_csv("agencies", text).inserted == 2
    assert import_csv("agencies", text).unchanged == 2
    changed = import_csv("agencies", text.replace("2020-01-01,,", "2020-01-01,2030-12-31,"))
    assert (changed.updated, changed.unchanged) == (1, 1)


def test_cli_reports_the_rows_in_file_order_whatever_the_rule(runner, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(
        HEADER
        + PROVINCE
        + "A,Sở A,province,T,,,NOPE\n"
        + "B,Sở B,planet,T,,,\n"
        + "C,Sở C,province,T,2025-01-02,2025-01-01,\n",
        "utf-8",
    )
    result = runner.invoke(args=["import", "agencies", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["row 3", "row 4", "row 5"]
    assert lines[-1] == "inserted 1, updated 0, unchanged 0, rejected 3"


REORGANISATION = (
    HEADER
    + PROVINCE
    # Two successors in a row: a department merged in March, then into the new province's.
    + "KHDT,Sở Kế hoạch và Đầu tư,province,T,,2025-02-28,TC\n"
    + "TC,Sở Tài chính (cũ),province,T,,2025-06-30,TC2\n"
    + "TC2,Sở Tài chính,province,T,2025-07-01,,\n"
    # Three communes merged into one.
    + "X1,Xã Một,commune,T,,2025-06-30,XN\n"
    + "X2,Xã Hai,commune,T,,2025-06-30,XN\n"
    + "X3,Xã Ba,commune,T,,2025-06-30,XN\n"
    + "XN,Xã Mới,commune,T,2025-07-01,,\n"
    # A district dissolved, its work handed to no single unit.
    + "H1,UBND huyện Một,district,T,,2025-06-30,\n"
)


@pytest.fixture
def units(import_csv, app):
    assert import_csv("agencies", REORGANISATION).rejected == 0
    with app.app_context():
        yield load_units()


def test_a_chain_of_two_successors_ends_at_today_s_unit(units):
    assert units.current_code("KHDT") == "TC2"
    assert [u.code for u in units.chain("KHDT")] == ["TC", "TC2"]
    assert units.current_code("TC") == "TC2"
    assert units.current_code("TC2") == "TC2" and units.chain("TC2") == []
    assert [u.code for u in units.absorbed("TC2")] == ["KHDT", "TC", "TC2"]


def test_three_units_merged_into_one(units):
    assert [u.code for u in units.predecessors("XN")] == ["X1", "X2", "X3"]
    assert {units.current_code(code) for code in ("X1", "X2", "X3", "XN")} == {"XN"}
    assert [u.code for u in units.absorbed("XN")] == ["X1", "X2", "X3", "XN"]


def test_a_dissolved_unit_without_successor_is_its_own_current_unit(units):
    district = units.get("H1")
    assert units.current_code("H1") == "H1" and units.chain("H1") == []
    assert district.active_on(date(2025, 6, 30)) and not district.active_on(date(2025, 7, 1))
    assert district.ended_by(date(2025, 7, 1))


def test_units_active_on_a_day(units):
    assert [u.code for u in units.active(date(2025, 1, 15))] == [
        "H1", "KHDT", "T", "TC", "X1", "X2", "X3",
    ]  # fmt: skip
    assert [u.code for u in units.active(date(2026, 1, 15))] == ["T", "TC2", "XN"]
    ids = units.current_ids()
    assert ids[units.get("X2").id] == units.get("XN").id
    assert ids[units.get("H1").id] == units.get("H1").id
