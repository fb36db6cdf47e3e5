"""Importing agencies and procedures: row errors, idempotence, --strict, the CLI's words."""

from .conftest import DATA

HEADER = "code,name_vi,agency_code,level,processing_days,online_level,postal\n"


def test_reimporting_the_same_file_changes_nothing(import_csv):
    first = import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    again = import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    assert (first.inserted, first.updated, first.unchanged) == (5, 0, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 5)


def test_bad_rows_are_reported_by_line_and_the_good_ones_kept(client, import_csv):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    result = import_csv(
        "procedures",
        HEADER
        + "1.1,Thủ tục tốt,SXD,province,5,full,1\n"
        + "1.2,Không rõ cơ quan,NOPE,province,5,full,1\n"
        + "1.3,Sai cấp,SXD,planet,5,full,1\n"
        + "1.4,Sai số ngày,SXD,province,năm,full,1\n"
        + "1.5,Sai mức trực tuyến,SXD,province,5,level4,1\n"
        + ",Thiếu mã,SXD,province,5,full,1\n"
        + "1.7,Sai boolean,SXD,province,5,full,yes\n",
    )
    assert (result.inserted, result.rejected) == (1, 6)
    assert [e.split(":")[0] for e in result.errors] == [f"row {n}" for n in range(3, 9)]
    assert "unknown agency 'NOPE'" in result.errors[0]
    assert client.get("/api/v1/procedures/1.1").status_code == 200


def test_strict_imports_nothing_when_a_row_is_bad(client, import_csv):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    result = import_csv(
        "procedures",
        HEADER + "1.1,Tốt,SXD,province,5,full,1\n" + "1.2,Xấu,NOPE,province,5,full,1\n",
        strict=True,
    )
    assert result.rejected == 1 and result.inserted == 0
    assert client.get("/api/v1/procedures/1.1").status_code == 404


def test_an_update_is_counted_and_reaches_the_search_index(client, import_csv):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    import_csv("procedures", HEADER + "1.1,Cấp phép khai thác cát,SXD,province,5,full,1\n")
    result = import_csv("procedures", HEADER + "1.1,Cấp phép nuôi ong,SXD,province,5,full,1\n")
    assert (result.updated, result.inserted) == (1, 0)
    assert client.get("/api/v1/procedures?q=nuoi+ong").get_json()["total"] == 1
    assert client.get("/api/v1/procedures?q=khai+thac+cat").get_json()["total"] == 0


def test_cli_prints_row_errors_and_the_summary_and_exits_1(runner, tmp_path, import_csv):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    path = tmp_path / "procedures.csv"
    # A BOM, columns in another order and an unknown column are all fine.
    path.write_text(
        "\ufeffname_vi,code,extra,agency_code,level,processing_days\n"
        "Tốt,1.1,x,SXD,province,5\nXấu,1.2,x,SXD,province,-3\n",
        "utf-8",
    )
    result = runner.invoke(args=["import", "procedures", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("row 3: processing_days")
    assert lines[-1] == "inserted 1, updated 0, unchanged 0, rejected 1"
    again = runner.invoke(args=["import", "procedures", str(path)])
    assert again.output.strip().splitlines()[-1] == "inserted 0, updated 0, unchanged 1, rejected 1"


def test_cli_refuses_a_file_without_the_required_columns(runner, tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("code,name\nA,B\n", "utf-8")
    result = runner.invoke(args=["import", "agencies", str(path)])
    assert result.exit_code == 1
    assert "missing column(s): name_vi, level" in result.output


def test_cli_offers_the_kinds_the_portal_registers_and_refuses_others(app, runner, tmp_path):
    kinds = list(app.extensions["import_kinds"])
    assert kinds == ["agencies", "procedures", "dossiers", "events", "ratings"]
    assert "{" + "|".join(kinds) + "}" in runner.invoke(args=["import", "--help"]).output
    path = tmp_path / "x.csv"
    path.write_text("code\n", "utf-8")
    result = runner.invoke(args=["import", "people", str(path)])
    assert result.exit_code == 2
    assert "'people' is not one of 'agencies', 'procedures', 'dossiers'" in result.output
    # The choices are the registry's: a kind registered on the application is offered.
    app.extensions["import_kinds"] = {**app.extensions["import_kinds"], "people": object}
    assert "|ratings|people}" in runner.invoke(args=["import", "--help"]).output


def test_multiline_cells_are_kept(client, import_csv):
    import_csv("agencies", (DATA / "agencies.csv").read_text("utf-8"))
    import_csv(
        "procedures",
        "code,name_vi,agency_code,level,processing_days,documents_vi\n"
        '1.1,Tốt,SXD,province,5,"- Tờ khai\n- Bản sao CCCD"\n',
    )
    assert client.get("/api/v1/procedures/1.1").get_json()["documents_vi"] == (
        "- Tờ khai\n- Bản sao CCCD"
    )
