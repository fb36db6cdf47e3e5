"""Catalogue search over 2,000 procedures: median request time as a multiple of /healthz.

The catalogue is the demo province's (portal.demo), grown to 2,000 distinct, realistic
procedures with full texts, imported by the real importer.
"""

from __future__ import annotations

from portal.extensions import db
from portal.imports import run_import

from .common import cpu_ratio, make_app, report, request_ratio, scratch

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


def main(results: dict) -> None:
    app = make_app()
    count = load_catalogue(app)
    report(results, "catalogue_procedures", count)
    client = app.test_client()
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
        median, ratio = cpu_ratio(client, urls, repeat=120)
        report(results, f"{name}_cpu_median_ms", median, "ms CPU")
        report(results, f"{name}_cpu_x_healthz", ratio, "× /healthz CPU")
