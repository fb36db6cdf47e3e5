"""Catalogue search over 2,000 procedures: median request time as a multiple of /healthz."""

from __future__ import annotations

import io
import random

from portal.extensions import db
from portal.imports import run_import

from .common import make_app, report, request_ratio

WORDS = ("cấp giấy phép xây dựng đăng ký khai sinh kết hôn hộ kinh doanh chứng nhận quyền sử "
         "dụng đất thay đổi nội dung bản sao trích lục hộ tịch thẩm định phê duyệt điều chỉnh "
         "gia hạn thu hồi cấp lại giấy phép lái xe bảo hiểm xã hội môi trường tài nguyên nước "
         "khoáng sản đầu tư doanh nghiệp công thương y tế giáo dục văn hóa du lịch").split()
QUERIES = ["giay phep xay dung", "dang ky khai sinh", "ĐĂNG KÝ KẾT HÔN", "GPXD", "ho kinh doanh",
           "quyen su dung dat", "cap lai", "bao hiem xa hoi", "thu hoi giay phep", "moi truong"]


def catalogue_csv(n: int, seed: int = 7) -> tuple[str, str]:
    rng = random.Random(seed)
    agencies = ["code,name_vi,level,parent_code", "T00,UBND tỉnh,province,"]
    agencies += [f"S{i:02d},Sở số {i},province,T00" for i in range(20)]
    rows = ["code,name_vi,agency_code,level,processing_days,online_level,field_vi,documents_vi,"
            "steps_vi"]
    for i in range(n):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 200)))
        rows.append(f'1.{i:06d},{name},S{i % 20:02d},province,{rng.randint(1, 30)},'
                    f'{rng.choice(["none", "partial", "full"])},Lĩnh vực {i % 40},"{body}","{body}"')
    return "\n".join(agencies) + "\n", "\n".join(rows) + "\n"


def main(results: dict) -> None:
    from portal.cli import import_kinds, init_db

    app = make_app()
    with app.app_context():
        init_db()
        agencies, procedures = catalogue_csv(2000)
        kinds = import_kinds()
        run_import(kinds["agencies"](db.session), io.BytesIO(agencies.encode()))
        run_import(kinds["procedures"](db.session), io.BytesIO(procedures.encode()))
    client = app.test_client()
    urls = [f"/vi/procedures?q={q}" for q in QUERIES]
    median, ratio = request_ratio(client, urls, repeat=100)
    report(results, "catalogue_search_median_ms", median, "ms")
    report(results, "catalogue_search_x_healthz", ratio, "× /healthz")
    median, ratio = request_ratio(client, [f"/api/v1/procedures?q={q}" for q in QUERIES], 100)
    report(results, "catalogue_api_search_median_ms", median, "ms")
    report(results, "catalogue_api_search_x_healthz", ratio, "× /healthz")
