"""The demo province's agencies: the provincial People's Committee, its departments,
districts and communes, with how busy and how punctual each one is."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ROOT = "T00"
# The demo province and its centre: the settings a development instance shows.
PROVINCE_VI = "Quảng Trị"
PROVINCE_EN = "Quang Tri"
CENTRE_ADDRESS = f"Số 1 đường Trần Hưng Đạo, phường Đông Hà, tỉnh {PROVINCE_VI}"


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


def ascii_name(text: str) -> str:
    """Vietnamese place name without marks, as English text writes it (Đông Hà → Dong Ha)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# code, Vietnamese name, English name, volume, late share, early share.
# Social insurance receives by far the most dossiers (as in the centre's monthly reports);
# Home Affairs, the provincial police and Natural Resources are chronically late.
DEPARTMENTS = [
    ("BHXH", "Bảo hiểm xã hội tỉnh", "Provincial Social Insurance", 26.0, 0.004, 0.10),
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
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        0.2,
        0.000,
        0.50,
    ),
    ("SNV", "Sở Nội vụ", "Department of Home Affairs", 0.3, 0.280, 0.05),
]

# code, kind (thành phố / thị xã / huyện), name, volume, late share, communes (kind, name).
DISTRICTS = [
    (
        "H01",
        "thành phố",
        "Đông Hà",
        2.6,
        0.010,
        [
            ("phường", "1"),
            ("phường", "5"),
            ("phường", "Đông Lương"),
            ("phường", "Đông Giang"),
            ("phường", "Đông Thanh"),
        ],
    ),
    (
        "H02",
        "thị xã",
        "Quảng Trị",
        0.9,
        0.008,
        [("phường", "2"), ("phường", "3"), ("phường", "An Đôn"), ("xã", "Hải Lệ")],
    ),
    (
        "H03",
        "huyện",
        "Vĩnh Linh",
        1.4,
        0.015,
        [
            ("thị trấn", "Hồ Xá"),
            ("thị trấn", "Cửa Tùng"),
            ("xã", "Vĩnh Thạch"),
            ("xã", "Vĩnh Long"),
            ("xã", "Vĩnh Hòa"),
        ],
    ),
    (
        "H04",
        "huyện",
        "Gio Linh",
        1.2,
        0.012,
        [("thị trấn", "Gio Linh"), ("thị trấn", "Cửa Việt"), ("xã", "Gio Mỹ"), ("xã", "Gio Hải")],
    ),
    (
        "H05",
        "huyện",
        "Cam Lộ",
        0.9,
        0.006,
        [("thị trấn", "Cam Lộ"), ("xã", "Cam Hiếu"), ("xã", "Cam Thành"), ("xã", "Cam Tuyền")],
    ),
    (
        "H06",
        "huyện",
        "Triệu Phong",
        1.3,
        0.020,
        [
            ("thị trấn", "Ái Tử"),
            ("xã", "Triệu Ái"),
            ("xã", "Triệu Thượng"),
            ("xã", "Triệu Trạch"),
            ("xã", "Triệu Phước"),
        ],
    ),
    (
        "H07",
        "huyện",
        "Hải Lăng",
        1.2,
        0.120,
        [("thị trấn", "Diên Sanh"), ("xã", "Hải Thượng"), ("xã", "Hải Phú"), ("xã", "Hải Chánh")],
    ),
    (
        "H08",
        "huyện",
        "Hướng Hóa",
        1.1,
        0.050,
        [
            ("thị trấn", "Khe Sanh"),
            ("thị trấn", "Lao Bảo"),
            ("xã", "Tân Hợp"),
            ("xã", "Hướng Phùng"),
        ],
    ),
    (
        "H09",
        "huyện",
        "Đakrông",
        0.5,
        0.030,
        [("thị trấn", "Krông Klang"), ("xã", "Mò Ó"), ("xã", "Tà Rụt")],
    ),
]

_KIND_EN = {
    "thành phố": "City",
    "thị xã": "Town",
    "huyện": "District",
    "phường": "Ward",
    "xã": "Commune",
    "thị trấn": "Township",
}


def agencies() -> list[DemoAgency]:
    """Every agency of the demo province, parents before children."""
    rows = [
        DemoAgency(
            ROOT,
            f"Ủy ban nhân dân tỉnh {PROVINCE_VI}",
            f"{PROVINCE_EN} Provincial People's Committee",
            "province",
            None,
            0.0,
            0.0,
        )
    ]
    for code, name_vi, name_en, volume, late, early in DEPARTMENTS:
        rows.append(DemoAgency(code, name_vi, name_en, "province", ROOT, volume, late, early))
    for code, kind, name, volume, late, communes in DISTRICTS:
        rows.append(
            DemoAgency(
                code,
                f"UBND {kind} {name}",
                f"{ascii_name(name)} {_KIND_EN[kind]} People's Committee",
                "district",
                ROOT,
                volume,
                late,
                0.45,
            )
        )
        for number, (ckind, cname) in enumerate(communes, start=1):
            # Urban wards are busier than rural communes; the first listed is the seat.
            cvolume = (1.6 if number == 1 else 1.0) * (1.3 if ckind != "xã" else 0.9)
            en = (
                f"{_KIND_EN[ckind]} {cname}"
                if cname.isdigit()
                else f"{ascii_name(cname)} {_KIND_EN[ckind]}"
            )
            rows.append(
                DemoAgency(
                    f"{code}{number:02d}".replace("H", "X", 1),
                    f"UBND {ckind} {cname}",
                    f"{en} People's Committee",
                    "commune",
                    code,
                    cvolume,
                    0.002 if late < 0.05 else 0.02,
                    0.75,
                )
            )
    return rows
