"""The demo province through the 2025 reorganisation: Quảng Bình and Quảng Trị became one
Quảng Trị on 1 July 2025. Every unit as it was, with its dates and successor, and how busy
and how punctual each one is.

Real changes: in March 2025 each province's departments merged (Kế hoạch và Đầu tư into Tài
chính; Tài nguyên và Môi trường with Nông nghiệp và PTNT into Nông nghiệp và Môi trường; Giao
thông vận tải into Xây dựng; Lao động – Thương binh và Xã hội into Nội vụ; Thông tin và Truyền
thông into Khoa học và Công nghệ); on 1 July 2025 the two provinces' departments became the new
province's, the district People's Committees ended (their work went to the communes and the
province: no single successor), and communes merged (Nghị quyết 1680/NQ-UBTVQH15).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

ROOT = "QT.T00"  # today's provincial People's Committee
# The demo province and its centre: the settings a development instance shows. The new
# province's seat is Đồng Hới, the former Quảng Bình's capital.
PROVINCE_VI = "Quảng Trị"
PROVINCE_EN = "Quang Tri"
CENTRE_ADDRESS = f"Số 1 đường Trần Hưng Đạo, phường Đồng Hới, tỉnh {PROVINCE_VI}"
MARCH = date(2025, 3, 1)  # the departments' merger
JULY = date(2025, 7, 1)  # the new province, two levels of local government
BEFORE_MARCH, BEFORE_JULY = date(2025, 2, 28), date(2025, 6, 30)


def demo_centre() -> dict[str, str]:
    """The demo centre's settings, as a real deployment sets them in its environment."""
    return {
        "PROVINCE_VI": PROVINCE_VI,
        "PROVINCE_EN": PROVINCE_EN,
        "CENTRE_ADDRESS": CENTRE_ADDRESS,
    }


@dataclass
class DemoAgency:
    code: str
    name_vi: str
    name_en: str
    level: str
    parent_code: str | None
    # Share of all dossiers this agency receives (relative weight, not normalised).
    volume: float = 1.0
    # Share of its resolved dossiers that are resolved after the due date.
    late: float = 0.005
    # Share of its on-time dossiers that are finished before the due date.
    early: float = 0.3
    active_from: date | None = None
    active_to: date | None = None
    successor_code: str | None = None


def ascii_name(text: str) -> str:
    """Vietnamese place name without marks, as English text writes it (Đông Hà → Dong Ha)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# code, Vietnamese name, English name, volume, late share, early share: each department of a
# former province before March 2025. Social insurance receives by far the most dossiers (as
# in the centre's monthly reports); Home Affairs, the police and Natural Resources are late.
DEPARTMENTS = [
    ("SCT", "Sở Công Thương", "Department of Industry and Trade", 4.5, 0.006, 0.15),
    ("SGTVT", "Sở Giao thông vận tải", "Department of Transport", 3.2, 0.010, 0.25),
    ("STP", "Sở Tư pháp", "Department of Justice", 2.4, 0.080, 0.20),
    (
        "SLDTBXH",
        "Sở Lao động – Thương binh và Xã hội",
        "Department of Labour, Invalids and Social Affairs",
        1.8,
        0.090,
        0.20,
    ),
    ("CAT", "Công an tỉnh", "Provincial Police", 1.6, 0.230, 0.10),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", 1.5, 0.008, 0.40),
    (
        "STNMT",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        1.0,
        0.100,
        0.10,
    ),
    ("SYT", "Sở Y tế", "Department of Health", 0.9, 0.020, 0.20),
    ("SXD", "Sở Xây dựng", "Department of Construction", 0.7, 0.015, 0.30),
    (
        "SNNPTNT",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        0.6,
        0.010,
        0.30,
    ),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training", 0.5, 0.005, 0.40),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        0.4,
        0.005,
        0.30,
    ),
    ("STC", "Sở Tài chính", "Department of Finance", 0.3, 0.010, 0.30),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        0.2,
        0.000,
        0.50,
    ),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology", 0.15, 0.0, 0.4),
    ("SNV", "Sở Nội vụ", "Department of Home Affairs", 0.3, 0.280, 0.05),
]
# March 2025: the departments that ended, and the one each merged into.
MARCH_MERGERS = {
    "SKHDT": "STC",
    "STNMT": "SNNMT",
    "SNNPTNT": "SNNMT",
    "SGTVT": "SXD",
    "SLDTBXH": "SNV",
    "STTTT": "SKHCN",
}
MERGED = ("SNNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment")
# Social insurance is not a department of the People's Committee: one unit throughout.
SOCIAL_INSURANCE = ("BHXH", "Bảo hiểm xã hội tỉnh", "Provincial Social Insurance", 26.0, 0.004, 0.1)

# The former provinces: code prefix, name, English name, size relative to Quảng Trị.
FORMER = [("QTC", "Quảng Trị", "Quang Tri", 1.0), ("QB", "Quảng Bình", "Quang Binh", 1.3)]

# District-level units of each former province: code, kind, name, volume, late share, and
# communes (kind, name, code of the commune it became on 1 July 2025; None: unchanged).
DISTRICTS = {
    "QTC": [
        (
            "H01",
            "thành phố",
            "Đông Hà",
            2.6,
            0.010,
            [
                ("phường", "1", "X01"),
                ("phường", "3", "X01"),
                ("phường", "Đông Giang", "X01"),
                ("phường", "2", "X02"),
                ("phường", "5", "X02"),
                ("phường", "Đông Lễ", "X02"),
            ],
        ),
        (
            "H02",
            "thị xã",
            "Quảng Trị",
            0.9,
            0.008,
            [
                ("phường", "An Đôn", "X03"),
                ("phường", "3", "X03"),
                ("xã", "Hải Lệ", "X03"),
            ],
        ),
        (
            "H03",
            "huyện",
            "Vĩnh Linh",
            1.4,
            0.015,
            [
                ("thị trấn", "Hồ Xá", "X04"),
                ("xã", "Vĩnh Long", "X04"),
                ("xã", "Vĩnh Chấp", "X04"),
                ("thị trấn", "Cửa Tùng", "X05"),
                ("xã", "Kim Thạch", "X05"),
                ("xã", "Hiền Thành", "X05"),
                ("xã", "Vĩnh Hòa", "X06"),
                ("xã", "Vĩnh Tú", "X06"),
            ],
        ),
        ("H04", "huyện", "Gio Linh", 1.2, 0.012, []),
        ("H05", "huyện", "Cam Lộ", 0.9, 0.006, []),
        ("H06", "huyện", "Triệu Phong", 1.3, 0.020, []),
        ("H07", "huyện", "Hải Lăng", 1.2, 0.120, []),
        ("H08", "huyện", "Hướng Hóa", 1.1, 0.050, []),
    ],
    "QB": [
        (
            "H01",
            "thành phố",
            "Đồng Hới",
            2.8,
            0.012,
            [
                ("phường", "Hải Thành", "X07"),
                ("phường", "Đồng Phú", "X07"),
                ("phường", "Nam Lý", "X07"),
                ("xã", "Bảo Ninh", "X07"),
                ("phường", "Bắc Lý", "X08"),
                ("xã", "Lộc Ninh", "X08"),
                ("xã", "Quang Phú", "X08"),
                ("phường", "Đồng Sơn", "X09"),
                ("phường", "Bắc Nghĩa", "X09"),
                ("xã", "Nghĩa Ninh", "X09"),
            ],
        ),
        ("H02", "huyện", "Bố Trạch", 1.5, 0.030, []),
        ("H03", "huyện", "Lệ Thủy", 1.3, 0.010, []),
        ("H04", "huyện", "Minh Hóa", 0.6, 0.020, [("xã", "Tân Thành", None)]),
    ],
}
# The communes of 1 July 2025 (the new province's list names them this way).
NEW_COMMUNES = [
    ("X01", "phường", "Đông Hà"),
    ("X02", "phường", "Nam Đông Hà"),
    ("X03", "phường", "Quảng Trị"),
    ("X04", "xã", "Vĩnh Linh"),
    ("X05", "xã", "Cửa Tùng"),
    ("X06", "xã", "Vĩnh Hoàng"),
    ("X07", "phường", "Đồng Hới"),
    ("X08", "phường", "Đồng Thuận"),
    ("X09", "phường", "Đồng Sơn"),
]

_KIND_EN = {
    "thành phố": "City",
    "thị xã": "Town",
    "huyện": "District",
    "phường": "Ward",
    "xã": "Commune",
    "thị trấn": "Township",
}


def _place_en(kind: str, name: str) -> str:
    return f"{_KIND_EN[kind]} {name}" if name.isdigit() else f"{ascii_name(name)} {_KIND_EN[kind]}"


def _new_province() -> list[DemoAgency]:
    """Today's units: the People's Committee, its departments and the communes of July 2025."""
    rows = [
        DemoAgency(
            ROOT,
            "Ủy ban nhân dân tỉnh Quảng Trị",
            "Quang Tri Provincial People's Committee",
            "province",
            None,
            0.0,
            active_from=JULY,
        ),
        DemoAgency(*SOCIAL_INSURANCE[:3], "province", ROOT, *SOCIAL_INSURANCE[3:]),
    ]
    kept = [d[:3] for d in DEPARTMENTS if d[0] not in MARCH_MERGERS] + [MERGED]
    for code, name_vi, name_en in kept:
        rows.append(DemoAgency(f"QT.{code}", name_vi, name_en, "province", ROOT, active_from=JULY))
    for code, kind, name in NEW_COMMUNES:
        en = f"{_place_en(kind, name)} People's Committee"
        rows.append(
            DemoAgency(f"QT.{code}", f"UBND {kind} {name}", en, "commune", ROOT, active_from=JULY)
        )
    return rows


def _former_departments(prefix: str, province_vi: str, province_en: str, size: float):
    """A former province's People's Committee and departments, with their two mergers."""
    old = " (cũ)" if prefix == "QTC" else ""
    rows = [
        DemoAgency(
            f"{prefix}.T00",
            f"Ủy ban nhân dân tỉnh {province_vi}{old}",
            f"{province_en} Provincial People's Committee (former)",
            "province",
            None,
            0.0,
            active_to=BEFORE_JULY,
            successor_code=ROOT,
        )
    ]
    for code, name_vi, name_en, volume, late, early in [*DEPARTMENTS, (*MERGED, 0.0, 0.0, 0.3)]:
        merged_into = MARCH_MERGERS.get(code)
        of_province = (
            f"{name_vi} {province_vi}"
            if name_vi.endswith(" tỉnh")
            else (f"{name_vi} tỉnh {province_vi}")
        )
        rows.append(
            DemoAgency(
                f"{prefix}.{code}",
                of_province + old,
                f"{province_en} {name_en}" + (" (former)" if old else ""),
                "province",
                f"{prefix}.T00",
                volume * size,
                late,
                early,
                active_from=MARCH if code == MERGED[0] else None,
                active_to=BEFORE_MARCH if merged_into else BEFORE_JULY,
                successor_code=f"{prefix}.{merged_into}" if merged_into else f"QT.{code}",
            )
        )
    return rows


def _former_local(prefix: str, size: float) -> list[DemoAgency]:
    """A former province's district People's Committees and their communes."""
    rows = []
    for code, kind, name, volume, late, communes in DISTRICTS[prefix]:
        rows.append(
            DemoAgency(
                f"{prefix}.{code}",
                f"UBND {kind} {name}",
                f"{ascii_name(name)} {_KIND_EN[kind]} People's Committee",
                "district",
                f"{prefix}.T00",
                volume * size,
                late,
                0.45,
                active_to=BEFORE_JULY,
            )
        )
        for number, (ckind, cname, became) in enumerate(communes, start=1):
            # Urban wards are busier than rural communes; the first listed is the seat.
            cvolume = (1.6 if number == 1 else 1.0) * (1.3 if ckind != "xã" else 0.9)
            where = "" if became is None else f" ({name})"
            rows.append(
                DemoAgency(
                    f"{prefix}.{code.replace('H', 'X')}{number:02d}",
                    f"UBND {ckind} {cname}{where}",
                    f"{_place_en(ckind, cname)}{where and f' ({ascii_name(name)})'}"
                    " People's Committee",
                    "commune",
                    f"{prefix}.{code}" if became else ROOT,
                    cvolume * size,
                    0.002 if late < 0.05 else 0.02,
                    0.75,
                    active_to=BEFORE_JULY if became else None,
                    successor_code=f"QT.{became}" if became else None,
                )
            )
    return rows


def agencies() -> list[DemoAgency]:
    """Every unit of the demo province, today's and former; the first district and the first
    commune are those whose procedures the catalogue lists for their level."""
    rows = _new_province()
    for prefix, name_vi, name_en, size in FORMER:
        rows += _former_departments(prefix, name_vi, name_en, size)
    for prefix, _name_vi, _name_en, size in FORMER:
        rows += _former_local(prefix, size)
    return rows


def today_holder(department: str) -> str:
    """The code of today's unit that holds a former department's procedures (SKHDT: QT.STC)."""
    if department == SOCIAL_INSURANCE[0]:
        return department
    return f"QT.{MARCH_MERGERS.get(department, department)}"
