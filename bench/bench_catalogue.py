"""Catalogue search over 2,000 procedures: median request time as a multiple of /healthz.

The catalogue is the demo province's (portal.demo), grown to 2,000 distinct, realistic
procedures with full texts, imported by the real importer.
"""

from __future__ import annotations

from portal.extensions import db
from portal.imports import run_import

from .common import aim, cpu_ratio, make_app, report, request_ratio, scratch

QUERIES = [
    "giay phep xay dung",
    "dang ky khai sinh",
    "ĐĂNG KÝ KẾT HÔN",
    "GPXD",
    "ho kinh doanh",
    "quyen su dung dat",
    "cap lai",
    "bao hiem xa hoi",
    "thu hoi giay phep",
    "moi truong",
    "chung thuc ban sao",
    "ly lich tu phap",
]


def load_catalogue(app, procedures: int = 2000) -> int:
    """Import the demo agencies and `procedures` demo procedures; return how many landed."""
    from portal.cli import init_db
    from portal.demo import write_demo_csvs
    from portal.imports import import_kinds

    folder = scratch("portal-bench-catalogue-")
    files = write_demo_csvs(folder, dossiers=0, events=False, ratings=False, procedures=procedures)
    with app.app_context():
        init_db()
        kinds = import_kinds()
        for kind in ("agencies", "procedures"):
            with open(files[kind], "rb") as stream:
                result = run_import(kinds[kind](db.session), stream)
        return result.inserted


AIM_X_HEALTHZ = 5.0  # issue 12: search page and API median at most 5 × /healthz
AIM_HIT_SHARE = 0.95  # issue 12: the test set's queries finding their procedure


def search_quality(results: dict) -> None:
    """The share of the real test set's queries (tests/data) that find their procedure."""
    from tests.search_set import cases, load_national_catalogue, misses

    app = make_app()
    with app.app_context():
        from portal.cli import init_db

        init_db()
        load_national_catalogue(db.session)
    failed = misses(app.test_client())
    share = 1 - len(failed) / len(cases())
    report(results, "search_test_set_queries", len(cases()))
    report(results, "search_test_set_hit_share", share)
    aim(results, "search test set: share found", share, AIM_HIT_SHARE, at_most=False)


def first_time_searches(results: dict, client) -> None:
    """Search pages each asked for once (no page kept yet): what a new query costs before the
    worker keeps its page; the aim above is for the pages people ask for again and again."""
    urls = [
        f"/vi/procedures?q={q}&level={level}&online={online}"
        for q in QUERIES
        for level in ("", "province", "district", "commune")
        for online in ("", "any", "full")
    ]
    median, ratio = request_ratio(client, urls, repeat=len(urls))
    report(results, "catalogue_search_first_time_median_ms", median, "ms")
    report(results, "catalogue_search_first_time_x_healthz", ratio, "× /healthz")


def main(results: dict) -> None:
    search_quality(results)
    app = make_app()
    count = load_catalogue(app)
    report(results, "catalogue_procedures", count)
    client = app.test_client()
    first_time_searches(results, client)
    for name, urls in {
        "catalogue_search": [f"/vi/procedures?q={q}" for q in QUERIES],
        "catalogue_list": [
            "/vi/procedures",
            "/en/procedures?page=7",
            "/vi/procedures?level=commune",
        ],
        "catalogue_api_search": [f"/api/v1/procedures?q={q}" for q in QUERIES],
        "procedure_page": ["/vi/procedures/1.008722", "/en/procedures/1.008722"],
    }.items():
        median, ratio = request_ratio(client, urls, repeat=120)
        report(results, f"{name}_median_ms", median, "ms")
        report(results, f"{name}_x_healthz", ratio, "× /healthz")
        if name in ("catalogue_search", "catalogue_api_search"):
            aim(results, f"catalogue {name} × /healthz", ratio, AIM_X_HEALTHZ, "×")
        median, ratio = cpu_ratio(client, urls, repeat=120)
        report(results, f"{name}_cpu_median_ms", median, "ms CPU")
        if name in ("catalogue_search", "catalogue_api_search"):
            aim(results, f"catalogue {name} CPU × /healthz", ratio, AIM_X_HEALTHZ, "×")
        report(results, f"{name}_cpu_x_healthz", ratio, "× /healthz CPU")
