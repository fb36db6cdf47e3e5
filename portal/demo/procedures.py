"""The demo catalogue: a few hundred real-sounding administrative procedures in Vietnamese.

Built from families (one field of one agency: the same legal basis, documents and result)
crossed with their actions and objects, as the national database of procedures lists them
("Cấp / Cấp lại / Gia hạn giấy phép ..."). The catalogue does not depend on the dossier seed:
its codes stay the same from one generation to the next.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .names_en import ENGLISH_NAMES
from .province import agencies, today_holder


@dataclass
class DemoProcedure:
    code: str
    name_vi: str
    name_en: str | None
    agency_code: str
    level: str
    processing_days: int
    field_vi: str
    field_en: str | None
    online_level: str
    postal: bool
    four_on_site: bool
    fee_vi: str
    documents_vi: str
    steps_vi: str
    legal_basis_vi: str
    result_vi: str
    volume: float = 1.0  # relative share of its agency's dossiers

    def row(self) -> dict:
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en or "",
            "agency_code": self.agency_code,
            "level": self.level,
            "processing_days": self.processing_days,
            "field_vi": self.field_vi,
            "field_en": self.field_en or "",
            "online_level": self.online_level,
            "postal": int(self.postal),
            "four_on_site": int(self.four_on_site),
            "fee_vi": self.fee_vi,
            "documents_vi": self.documents_vi,
            "steps_vi": self.steps_vi,
            "legal_basis_vi": self.legal_basis_vi,
            "result_vi": self.result_vi,
        }


@dataclass
class Family:
    """Procedures of one field at one agency (or at every district / commune)."""

    agency: str  # an agency code, or "district" / "commune" for every agency of that level
    field_vi: str
    field_en: str | None
    basis: list[str]
    result: str
    fee: str
    documents: list[str]
    days: int
    online: str = "partial"
    postal: bool = True
    four: bool = False
    volume: float = 1.0
    items: list = field(default_factory=list)  # (name_vi, name_en | None[, overrides])


def cross(actions, objects) -> list:
    """Every action applied to every object: ("Cấp", "Issuing") × ("giấy phép ...", "...")."""
    items = []
    for action in actions:
        action_vi, action_en, overrides = (*action, {})[:3]
        for object_vi, object_en in objects:
            name_en = f"{action_en} {object_en}" if action_en and object_en else None
            items.append((f"{action_vi} {object_vi}", name_en, overrides))
    return items


PERMIT_ACTIONS = [
    ("Cấp", "Issuing"),
    ("Cấp lại", "Re-issuing", {"days": 5, "w": 0.3}),
    ("Cấp sửa đổi, bổ sung", "Amending", {"days": 7, "w": 0.2}),
]


def building_permit_actions(issuing_weight: float, adjusting_days: int) -> list:
    """Issuing, adjusting, extending and re-issuing a construction permit: the district and
    the province differ in how many they issue and how long an adjustment takes."""
    return [
        ("Cấp", "Issuing", {"w": issuing_weight}),
        ("Điều chỉnh", "Adjusting", {"days": adjusting_days}),
        ("Gia hạn", "Extending", {"days": 5}),
        ("Cấp lại", "Re-issuing", {"days": 5}),
    ]


# --- legal bases ---------------------------------------------------------------------------

HO_TICH = [
    "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014",
    "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số "
    "điều và biện pháp thi hành Luật Hộ tịch",
    "Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ Tư pháp",
    "Thông tư số 85/2019/TT-BTC ngày 29/11/2019 của Bộ Tài chính",
]
CHUNG_THUC = [
    "Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về cấp bản sao từ sổ "
    "gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, "
    "giao dịch",
    "Thông tư số 01/2020/TT-BTP ngày 03/3/2020 của Bộ Tư pháp",
    "Thông tư số 226/2016/TT-BTC ngày 11/11/2016 của Bộ Tài chính quy định mức thu, "
    "chế độ thu, nộp phí chứng thực",
]
LLTP = [
    "Luật Lý lịch tư pháp số 28/2009/QH12",
    "Nghị định số 111/2010/NĐ-CP ngày 23/11/2010 của Chính phủ",
    "Thông tư số 244/2016/TT-BTC ngày 11/11/2016 của Bộ Tài chính",
]
BO_TRO = [
    "Luật Người khuyết tật số 51/2010/QH12",
    "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp "
    "xã hội đối với đối tượng bảo trợ xã hội",
]
XAY_DUNG = [
    "Luật Xây dựng số 50/2014/QH13",
    "Luật số 62/2020/QH14 sửa đổi, bổ sung một số điều của Luật Xây dựng",
    "Nghị định số 15/2021/NĐ-CP ngày 03/3/2021 của Chính phủ quy định chi tiết một số "
    "nội dung về quản lý dự án đầu tư xây dựng",
]
DAT_DAI = [
    "Luật Đất đai số 45/2013/QH13",
    "Nghị định số 43/2014/NĐ-CP ngày 15/5/2014 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Đất đai",
    "Nghị định số 148/2020/NĐ-CP ngày 18/12/2020 của Chính phủ",
    "Thông tư số 24/2014/TT-BTNMT ngày 19/5/2014 của Bộ Tài nguyên và Môi trường quy "
    "định về hồ sơ địa chính",
]
MOI_TRUONG = [
    "Luật Bảo vệ môi trường số 72/2020/QH14",
    "Nghị định số 08/2022/NĐ-CP ngày 10/01/2022 của Chính phủ quy định chi tiết một số "
    "điều của Luật Bảo vệ môi trường",
    "Thông tư số 02/2022/TT-BTNMT ngày 10/01/2022 của Bộ Tài nguyên và Môi trường",
]
NUOC = [
    "Luật Tài nguyên nước số 17/2012/QH13",
    "Nghị định số 201/2013/NĐ-CP ngày 27/11/2013 của Chính phủ",
]
KHOANG_SAN = [
    "Luật Khoáng sản số 60/2010/QH12",
    "Nghị định số 158/2016/NĐ-CP ngày 29/11/2016 của Chính phủ",
]
DOANH_NGHIEP = [
    "Luật Doanh nghiệp số 59/2020/QH14",
    "Nghị định số 01/2021/NĐ-CP ngày 04/01/2021 của Chính phủ về đăng ký doanh nghiệp",
    "Thông tư số 01/2021/TT-BKHĐT ngày 16/3/2021 của Bộ Kế hoạch và Đầu tư",
]
DAU_TU = [
    "Luật Đầu tư số 61/2020/QH14",
    "Nghị định số 31/2021/NĐ-CP ngày 26/3/2021 của Chính phủ",
    "Thông tư số 03/2021/TT-BKHĐT ngày 09/4/2021 của Bộ Kế hoạch và Đầu tư",
]
HO_KINH_DOANH = [
    "Nghị định số 01/2021/NĐ-CP ngày 04/01/2021 của Chính phủ về đăng ký doanh nghiệp",
    "Thông tư số 01/2021/TT-BKHĐT ngày 16/3/2021 của Bộ Kế hoạch và Đầu tư",
]
HOP_TAC_XA = [
    "Luật Hợp tác xã số 23/2012/QH13",
    "Nghị định số 193/2013/NĐ-CP ngày 21/11/2013 của Chính phủ",
]
RUOU = [
    "Nghị định số 105/2017/NĐ-CP ngày 14/9/2017 của Chính phủ về kinh doanh rượu",
    "Nghị định số 17/2020/NĐ-CP ngày 05/02/2020 của Chính phủ",
]
THUOC_LA = [
    "Nghị định số 67/2013/NĐ-CP ngày 27/6/2013 của Chính phủ",
    "Nghị định số 106/2017/NĐ-CP ngày 14/9/2017 của Chính phủ",
]
XANG_DAU = [
    "Nghị định số 83/2014/NĐ-CP ngày 03/9/2014 của Chính phủ về kinh doanh xăng dầu",
    "Nghị định số 95/2021/NĐ-CP ngày 01/11/2021 của Chính phủ",
]
KHI = ["Nghị định số 87/2018/NĐ-CP ngày 15/6/2018 của Chính phủ về kinh doanh khí"]
ATTP = [
    "Luật An toàn thực phẩm số 55/2010/QH12",
    "Nghị định số 15/2018/NĐ-CP ngày 02/02/2018 của Chính phủ",
]
DIEN_LUC = [
    "Luật Điện lực số 28/2004/QH11, sửa đổi, bổ sung năm 2012",
    "Nghị định số 137/2013/NĐ-CP ngày 21/10/2013 của Chính phủ",
    "Thông tư số 21/2020/TT-BCT ngày 09/9/2020 của Bộ Công Thương",
]
XUC_TIEN = [
    "Luật Thương mại số 36/2005/QH11",
    "Nghị định số 81/2018/NĐ-CP ngày 22/5/2018 của Chính phủ quy định chi tiết Luật "
    "Thương mại về hoạt động xúc tiến thương mại",
]
VAT_LIEU_NO = [
    "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ số 14/2017/QH14",
    "Nghị định số 71/2018/NĐ-CP ngày 15/5/2018 của Chính phủ",
]
LAI_XE = [
    "Luật Giao thông đường bộ số 23/2008/QH12",
    "Thông tư số 12/2017/TT-BGTVT ngày 15/4/2017 của Bộ Giao thông vận tải quy định về "
    "đào tạo, sát hạch, cấp giấy phép lái xe cơ giới đường bộ",
    "Thông tư số 37/2023/TT-BTC ngày 07/6/2023 của Bộ Tài chính",
]
VAN_TAI = [
    "Nghị định số 10/2020/NĐ-CP ngày 17/01/2020 của Chính phủ về kinh doanh và điều "
    "kiện kinh doanh vận tải bằng xe ô tô",
    "Thông tư số 12/2020/TT-BGTVT ngày 29/5/2020 của Bộ Giao thông vận tải",
]
DUONG_BO = [
    "Luật Giao thông đường bộ số 23/2008/QH12",
    "Thông tư số 46/2015/TT-BGTVT ngày 07/9/2015 của Bộ Giao thông vận tải",
    "Thông tư số 39/2021/TT-BGTVT ngày 31/12/2021 của Bộ Giao thông vận tải",
]
KHAM_BENH = [
    "Luật Khám bệnh, chữa bệnh số 15/2023/QH15",
    "Nghị định số 96/2023/NĐ-CP ngày 30/12/2023 của Chính phủ",
]
DUOC = [
    "Luật Dược số 105/2016/QH13",
    "Nghị định số 54/2017/NĐ-CP ngày 08/5/2017 của Chính phủ",
    "Nghị định số 155/2018/NĐ-CP ngày 12/11/2018 của Chính phủ",
]
GIAO_DUC = [
    "Luật Giáo dục số 43/2019/QH14",
    "Nghị định số 46/2017/NĐ-CP ngày 21/4/2017 của Chính phủ quy định về điều kiện đầu "
    "tư và hoạt động trong lĩnh vực giáo dục",
    "Nghị định số 135/2018/NĐ-CP ngày 04/10/2018 của Chính phủ",
]
VAN_BANG = [
    "Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 của Bộ Giáo dục và Đào tạo ban hành "
    "Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ "
    "thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân"
]
LAO_DONG = [
    "Bộ luật Lao động số 45/2019/QH14",
    "Nghị định số 152/2020/NĐ-CP ngày 30/12/2020 của Chính phủ",
    "Nghị định số 70/2023/NĐ-CP ngày 18/9/2023 của Chính phủ",
]
VIEC_LAM = [
    "Luật Việc làm số 38/2013/QH13",
    "Nghị định số 28/2015/NĐ-CP ngày 12/3/2015 của Chính phủ",
    "Thông tư số 28/2015/TT-BLĐTBXH ngày 31/7/2015 của Bộ Lao động – Thương binh và Xã hội",
]
NGUOI_CO_CONG = [
    "Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14",
    "Nghị định số 131/2021/NĐ-CP ngày 30/12/2021 của Chính phủ",
]
THU_Y = [
    "Luật Thú y số 79/2015/QH13",
    "Thông tư số 25/2016/TT-BNNPTNT ngày 30/6/2016 của Bộ Nông nghiệp và Phát triển nông thôn",
]
THUY_SAN = [
    "Luật Thủy sản số 18/2017/QH14",
    "Nghị định số 26/2019/NĐ-CP ngày 08/3/2019 của Chính phủ",
]
TRONG_TROT = [
    "Luật Bảo vệ và kiểm dịch thực vật số 41/2013/QH13",
    "Luật Trồng trọt số 31/2018/QH14",
    "Nghị định số 84/2019/NĐ-CP ngày 14/11/2019 của Chính phủ quy định về quản lý phân bón",
]
LAM_NGHIEP = [
    "Luật Lâm nghiệp số 16/2017/QH14",
    "Nghị định số 156/2018/NĐ-CP ngày 16/11/2018 của Chính phủ",
]
DU_LICH = [
    "Luật Du lịch số 09/2017/QH14",
    "Nghị định số 168/2017/NĐ-CP ngày 31/12/2017 của Chính phủ",
    "Thông tư số 06/2017/TT-BVHTTDL ngày 15/12/2017 của Bộ Văn hóa, Thể thao và Du lịch",
]
VAN_HOA = [
    "Nghị định số 54/2019/NĐ-CP ngày 19/6/2019 của Chính phủ quy định việc kinh doanh "
    "dịch vụ karaoke, dịch vụ vũ trường",
    "Nghị định số 144/2020/NĐ-CP ngày 14/12/2020 của Chính phủ quy định về hoạt động "
    "nghệ thuật biểu diễn",
    "Nghị định số 110/2018/NĐ-CP ngày 29/8/2018 của Chính phủ quy định về quản lý và tổ "
    "chức lễ hội",
]
HOI = [
    "Nghị định số 45/2010/NĐ-CP ngày 21/4/2010 của Chính phủ quy định về tổ chức, hoạt "
    "động và quản lý hội",
    "Nghị định số 33/2012/NĐ-CP ngày 13/4/2012 của Chính phủ",
    "Nghị định số 93/2019/NĐ-CP ngày 25/11/2019 của Chính phủ về tổ chức, hoạt động của quỹ "
    "xã hội, quỹ từ thiện",
]
THI_DUA = [
    "Luật Thi đua, khen thưởng số 06/2022/QH15",
    "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ",
]
TON_GIAO = [
    "Luật Tín ngưỡng, tôn giáo số 02/2016/QH14",
    "Nghị định số 95/2023/NĐ-CP ngày 29/12/2023 của Chính phủ",
]
XUAT_BAN = [
    "Luật Xuất bản số 19/2012/QH13",
    "Nghị định số 195/2013/NĐ-CP ngày 21/11/2013 của Chính phủ",
    "Nghị định số 60/2014/NĐ-CP ngày 19/6/2014 của Chính phủ quy định về hoạt động in",
    "Nghị định số 72/2013/NĐ-CP ngày 15/7/2013 của Chính phủ về quản lý, cung cấp, sử "
    "dụng dịch vụ internet và thông tin trên mạng",
]
BHXH = [
    "Luật Bảo hiểm xã hội số 58/2014/QH13",
    "Luật Bảo hiểm y tế số 25/2008/QH12, sửa đổi, bổ sung năm 2014",
    "Nghị định số 115/2015/NĐ-CP ngày 11/11/2015 của Chính phủ",
    "Quyết định số 166/QĐ-BHXH ngày 31/01/2019 của Bảo hiểm xã hội Việt Nam",
]
BHXH_THU = [
    "Luật Bảo hiểm xã hội số 58/2014/QH13",
    "Nghị định số 146/2018/NĐ-CP ngày 17/10/2018 của Chính phủ",
    "Quyết định số 595/QĐ-BHXH ngày 14/4/2017 của Bảo hiểm xã hội Việt Nam",
]
XUAT_NHAP_CANH = [
    "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14",
    "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam "
    "số 47/2014/QH13, sửa đổi, bổ sung năm 2019 và năm 2023",
]
PCCC = [
    "Luật Phòng cháy và chữa cháy số 27/2001/QH10, sửa đổi, bổ sung năm 2013",
    "Nghị định số 136/2020/NĐ-CP ngày 24/11/2020 của Chính phủ",
]
AN_NINH = [
    "Nghị định số 96/2016/NĐ-CP ngày 01/7/2016 của Chính phủ quy định điều kiện về an "
    "ninh, trật tự đối với một số ngành, nghề đầu tư kinh doanh có điều kiện",
    "Thông tư số 42/2017/TT-BCA ngày 20/10/2017 của Bộ Công an",
]
DANG_KY_XE = [
    "Thông tư số 24/2023/TT-BCA ngày 01/7/2023 của Bộ Công an quy định về cấp, thu "
    "hồi đăng ký, biển số xe cơ giới",
    "Thông tư số 60/2023/TT-BTC ngày 07/9/2023 của Bộ Tài chính",
]
BO_TU_PHAP = [
    "Luật Công chứng số 53/2014/QH13",
    "Nghị định số 29/2015/NĐ-CP ngày 15/3/2015 của Chính phủ",
    "Luật Luật sư số 65/2006/QH11, sửa đổi, bổ sung năm 2012",
    "Luật Đấu giá tài sản số 01/2016/QH14",
    "Nghị định số 08/2020/NĐ-CP ngày 08/01/2020 của Chính phủ về tổ chức và hoạt động "
    "của Thừa phát lại",
]

# --- documents shared by many procedures ---------------------------------------------------

ID = "Bản sao Căn cước công dân hoặc Hộ chiếu còn giá trị của người nộp hồ sơ"
POWER = "Văn bản ủy quyền (trường hợp ủy quyền thực hiện thủ tục)"
COMPANY = "Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc quyết định thành lập"

FAMILIES = [
    # ---------------------------------------------------------------- commune level
    Family(
        "commune",
        "Hộ tịch",
        "Civil status",
        HO_TICH,
        "Giấy khai sinh (bản chính) và bản sao Giấy khai sinh theo yêu cầu",
        "Miễn lệ phí đối với trường hợp đăng ký đúng hạn; đăng ký quá hạn: 5.000 đồng/trường hợp",
        [
            "Tờ khai theo mẫu quy định",
            ID,
            "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
            POWER,
        ],
        1,
        "full",
        True,
        False,
        6.0,
        [
            ("Đăng ký khai sinh", "Birth registration", {"w": 5}),
            (
                "Đăng ký kết hôn",
                "Marriage registration",
                {"w": 2, "result": "Giấy chứng nhận kết hôn", "days": 3},
            ),
            ("Đăng ký khai tử", "Death registration", {"w": 1.2, "result": "Trích lục khai tử"}),
            (
                "Đăng ký nhận cha, mẹ, con",
                "Registration of parent-child recognition",
                {"days": 3, "result": "Trích lục đăng ký nhận cha, mẹ, con"},
            ),
            (
                "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
                "Birth registration combined with parent-child recognition",
                {"days": 3},
            ),
            ("Đăng ký lại khai sinh", "Re-registration of birth", {"days": 5}),
            (
                "Đăng ký lại kết hôn",
                "Re-registration of marriage",
                {"days": 5, "result": "Giấy chứng nhận kết hôn"},
            ),
            (
                "Đăng ký lại khai tử",
                "Re-registration of death",
                {"days": 5, "result": "Trích lục khai tử"},
            ),
            (
                "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân",
                "Birth registration for people who already hold personal papers",
                {"days": 3},
            ),
            (
                "Đăng ký giám hộ",
                "Guardianship registration",
                {"days": 3, "result": "Trích lục đăng ký giám hộ"},
            ),
            (
                "Đăng ký chấm dứt giám hộ",
                "Registration of the end of guardianship",
                {"days": 2, "result": "Trích lục đăng ký chấm dứt giám hộ"},
            ),
            (
                "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                "Change, correction or addition of civil status information",
                {"days": 3, "w": 1.5, "result": "Trích lục thay đổi, cải chính, bổ sung hộ tịch"},
            ),
            (
                "Cấp Giấy xác nhận tình trạng hôn nhân",
                "Issuing certificates of marital status",
                {"days": 3, "w": 2.5, "result": "Giấy xác nhận tình trạng hôn nhân"},
            ),
            (
                "Cấp bản sao Trích lục hộ tịch",
                "Issuing copies of civil status extracts",
                {"w": 2, "result": "Bản sao trích lục hộ tịch"},
            ),
            ("Đăng ký khai sinh lưu động", "Mobile birth registration", {"days": 5, "w": 0.2}),
            (
                "Đăng ký kết hôn lưu động",
                "Mobile marriage registration",
                {"days": 5, "w": 0.1, "result": "Giấy chứng nhận kết hôn"},
            ),
            (
                "Đăng ký khai tử lưu động",
                "Mobile death registration",
                {"days": 5, "w": 0.1, "result": "Trích lục khai tử"},
            ),
            (
                "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
                "hiểm y tế cho trẻ em dưới 6 tuổi",
                "Joint procedure: birth registration, permanent residence and health insurance card "
                "for children under six",
                {"days": 5, "w": 1.5},
            ),
            (
                "Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế "
                "độ tử tuất, trợ cấp mai táng phí",
                "Joint procedure: death registration, removal of permanent residence, survivor and "
                "funeral allowances",
                {"days": 5, "w": 0.5, "result": "Trích lục khai tử"},
            ),
        ],
    ),
    Family(
        "commune",
        "Chứng thực",
        "Certification",
        CHUNG_THUC,
        "Bản sao có chứng thực / giấy tờ, văn bản đã được chứng thực",
        "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa không quá "
        "200.000 đồng/bản",
        ["Bản chính giấy tờ, văn bản làm cơ sở để chứng thực", "Bản sao cần chứng thực", ID],
        0,
        "partial",
        False,
        False,
        9.0,
        [
            (
                "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt "
                "Nam cấp hoặc chứng nhận",
                "Certifying copies of papers issued by Vietnamese authorities",
                {"w": 8},
            ),
            (
                "Chứng thực chữ ký trong các giấy tờ, văn bản",
                "Certifying signatures on papers",
                {"w": 2},
            ),
            (
                "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất "
                "và nhà ở",
                "Certifying contracts on movable property, land use rights and houses",
                {"days": 2, "w": 1.5, "fee": "50.000 đồng/hợp đồng, giao dịch"},
            ),
            ("Chứng thực di chúc", "Certifying wills", {"days": 2, "fee": "50.000 đồng/di chúc"}),
            (
                "Chứng thực văn bản từ chối nhận di sản",
                "Certifying refusals of an inheritance",
                {"days": 2, "fee": "50.000 đồng/văn bản"},
            ),
            (
                "Chứng thực văn bản thỏa thuận phân chia di sản, văn bản khai nhận di sản mà di sản là "
                "động sản, quyền sử dụng đất, nhà ở",
                "Certifying agreements dividing an inheritance",
                {"days": 2, "fee": "50.000 đồng/văn bản"},
            ),
            (
                "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
                "Certifying amendments to or cancellations of contracts",
                {"days": 2, "fee": "30.000 đồng/hợp đồng, giao dịch"},
            ),
            (
                "Sửa lỗi sai sót trong hợp đồng, giao dịch",
                "Correcting errors in certified contracts",
                {"days": 1, "fee": "25.000 đồng/hợp đồng, giao dịch"},
            ),
            (
                "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
                "Issuing certified copies of certified contracts",
                {"days": 1, "fee": "2.000 đồng/trang"},
            ),
        ],
    ),
    Family(
        "commune",
        "Bảo trợ xã hội",
        "Social protection",
        BO_TRO,
        "Quyết định hưởng trợ cấp xã hội hằng tháng",
        "Không",
        [
            "Tờ khai đề nghị trợ giúp xã hội theo mẫu",
            ID,
            "Giấy xác nhận khuyết tật (đối với người khuyết tật)",
        ],
        15,
        "partial",
        True,
        False,
        1.2,
        [
            (
                "Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật",
                "Determining disability levels and issuing disability certificates",
                {"days": 25, "result": "Giấy xác nhận khuyết tật"},
            ),
            (
                "Đổi, cấp lại Giấy xác nhận khuyết tật",
                "Replacing disability certificates",
                {"days": 5, "result": "Giấy xác nhận khuyết tật"},
            ),
            ("Trợ giúp xã hội đột xuất về hỗ trợ làm nhà ở, sửa chữa nhà ở", None, {"days": 10}),
            (
                "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
                None,
                {"days": 3, "result": "Quyết định hỗ trợ chi phí mai táng"},
            ),
            (
                "Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức "
                "sống trung bình",
                None,
                {"days": 7, "result": "Giấy xác nhận"},
            ),
            (
                "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm",
                None,
                {"days": 10, "result": "Giấy chứng nhận hộ nghèo, hộ cận nghèo"},
            ),
        ],
    ),
    Family(
        "commune",
        "Đất đai",
        "Land",
        DAT_DAI,
        "Biên bản hòa giải / văn bản xác nhận",
        "Không",
        ["Đơn đề nghị theo mẫu", ID, "Các giấy tờ liên quan đến thửa đất"],
        30,
        "none",
        False,
        False,
        0.5,
        [
            ("Hòa giải tranh chấp đất đai", None, {"days": 45, "result": "Biên bản hòa giải"}),
            ("Xác nhận nguồn gốc, thời điểm sử dụng đất", None, {"days": 10}),
            (
                "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý",
                None,
                {"days": 20},
            ),
        ],
    ),
    Family(
        "commune",
        "Thi đua, khen thưởng",
        "Emulation and commendation",
        THI_DUA,
        "Quyết định khen thưởng kèm Giấy khen",
        "Không",
        ["Tờ trình đề nghị khen thưởng", "Báo cáo thành tích của cá nhân, tập thể"],
        20,
        "none",
        False,
        False,
        0.2,
        [
            (
                "Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích thi đua theo đợt hoặc chuyên "
                "đề",
                None,
                {},
            ),
            ("Tặng danh hiệu Lao động tiên tiến", None, {}),
            (
                "Xét tặng danh hiệu Gia đình văn hóa",
                "Awarding the Cultured Family title",
                {"result": "Giấy khen Gia đình văn hóa"},
            ),
        ],
    ),
    Family(
        "commune",
        "Nông nghiệp",
        "Agriculture",
        THU_Y,
        "Quyết định hỗ trợ",
        "Không",
        ["Đơn đề nghị hỗ trợ theo mẫu", "Bản kê khai thiệt hại có xác nhận của trưởng thôn"],
        10,
        "none",
        False,
        False,
        0.3,
        [
            ("Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh", None, {}),
            (
                "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng và tưới tiên tiến, "
                "tiết kiệm nước",
                None,
                {"days": 20},
            ),
        ],
    ),
    # ---------------------------------------------------------------- district level
    Family(
        "district",
        "Hộ tịch",
        "Civil status",
        HO_TICH,
        "Trích lục hộ tịch",
        "Theo Nghị quyết của Hội đồng nhân dân tỉnh về lệ phí hộ tịch",
        [
            "Tờ khai theo mẫu quy định",
            ID,
            "Giấy tờ chứng minh nơi cư trú",
            "Giấy tờ do cơ quan có thẩm quyền của nước ngoài cấp đã được hợp pháp hóa lãnh sự",
        ],
        15,
        "partial",
        True,
        False,
        0.8,
        cross(
            [("Đăng ký", "Registration of")],
            [
                ("khai sinh có yếu tố nước ngoài", "births with a foreign element"),
                ("kết hôn có yếu tố nước ngoài", "marriages with a foreign element"),
                ("khai tử có yếu tố nước ngoài", "deaths with a foreign element"),
                (
                    "nhận cha, mẹ, con có yếu tố nước ngoài",
                    "parent-child recognition with a foreign element",
                ),
                ("giám hộ có yếu tố nước ngoài", "guardianship with a foreign element"),
                (
                    "thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc",
                    "changes and corrections of civil status and ethnicity",
                ),
            ],
        )
        + [
            (
                "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan "
                "có thẩm quyền của nước ngoài",
                None,
                {"days": 5},
            ),
            (
                "Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn của công dân Việt Nam đã được giải "
                "quyết tại cơ quan có thẩm quyền của nước ngoài",
                None,
                {"days": 12},
            ),
            (
                "Ghi vào Sổ hộ tịch việc hộ tịch khác của công dân Việt Nam đã được giải quyết tại cơ "
                "quan có thẩm quyền của nước ngoài",
                None,
                {"days": 5},
            ),
        ],
    ),
    Family(
        "district",
        "Chứng thực",
        "Certification",
        CHUNG_THUC,
        "Bản sao có chứng thực / bản dịch có chứng thực chữ ký người dịch",
        "10.000 đồng/trang; từ trang thứ ba trở lên thu 5.000 đồng/trang",
        ["Bản chính giấy tờ, văn bản làm cơ sở để chứng thực", "Bản sao cần chứng thực", ID],
        1,
        "partial",
        False,
        False,
        1.5,
        [
            (
                "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước "
                "ngoài cấp hoặc chứng nhận",
                "Certifying copies of papers issued by foreign authorities",
                {"w": 3},
            ),
            (
                "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật",
                "Certifying the signatures of registered translators",
                {"w": 2},
            ),
            (
                "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
                None,
                {},
            ),
            ("Cấp bản sao từ sổ gốc", "Issuing copies from master registers", {}),
            (
                "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch liên quan đến tài sản "
                "là động sản",
                None,
                {"days": 2},
            ),
        ],
    ),
    Family(
        "district",
        "Đất đai",
        "Land",
        DAT_DAI,
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
        "Lệ phí cấp Giấy chứng nhận: 100.000 đồng/giấy; phí thẩm định hồ sơ theo "
        "Nghị quyết của Hội đồng nhân dân tỉnh",
        [
            "Đơn đăng ký, cấp Giấy chứng nhận theo Mẫu số 04a/ĐK",
            "Giấy tờ về quyền sử dụng đất theo quy định tại Điều 100 Luật Đất đai",
            "Chứng từ thực hiện nghĩa vụ tài chính",
            ID,
        ],
        30,
        "partial",
        True,
        False,
        4.0,
        [
            (
                "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác "
                "gắn liền với đất lần đầu",
                "First registration and certificate of land use rights and house ownership",
                {"w": 2},
            ),
            (
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển "
                "nhượng, tặng cho, thừa kế",
                "Registering transfers, gifts and inheritances of land use rights",
                {"days": 10, "w": 4},
            ),
            (
                "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với "
                "hộ gia đình, cá nhân",
                "Change of land use purpose for households and individuals",
                {"days": 15, "w": 1.5, "result": "Quyết định cho phép chuyển mục đích sử dụng đất"},
            ),
            (
                "Tách thửa hoặc hợp thửa đất",
                "Splitting or merging land plots",
                {"days": 15, "w": 1.5},
            ),
            (
                "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
                "liền với đất",
                "Replacing certificates of land use rights",
                {"days": 7, "w": 1.2},
            ),
            (
                "Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
                "liền với đất do bị mất",
                "Re-issuing lost certificates of land use rights",
                {"days": 10},
            ),
            ("Đính chính Giấy chứng nhận đã cấp", "Correcting issued certificates", {"days": 10}),
            (
                "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Registering mortgages of land use rights",
                {"days": 1, "w": 2.5, "result": "Đơn đăng ký thế chấp có xác nhận"},
            ),
            (
                "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Deregistering mortgages of land use rights",
                {"days": 1, "w": 2, "result": "Đơn yêu cầu xóa đăng ký có xác nhận"},
            ),
            ("Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế", None, {"days": 7}),
            (
                "Thu hồi Giấy chứng nhận đã cấp không đúng quy định của pháp luật đất đai",
                None,
                {"days": 30, "w": 0.1},
            ),
            (
                "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND cấp huyện",
                None,
                {"days": 45, "w": 0.2, "result": "Quyết định giải quyết tranh chấp đất đai"},
            ),
        ],
    ),
    Family(
        "district",
        "Hoạt động xây dựng",
        "Construction",
        XAY_DUNG,
        "Giấy phép xây dựng",
        "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ: 75.000 đồng/giấy phép; công trình "
        "khác: 150.000 đồng/giấy phép",
        [
            "Đơn đề nghị cấp giấy phép xây dựng theo mẫu",
            "Bản sao giấy tờ chứng minh quyền sử dụng đất",
            "02 bộ bản vẽ thiết kế xây dựng",
            ID,
        ],
        15,
        "partial",
        True,
        False,
        1.2,
        cross(
            building_permit_actions(issuing_weight=4, adjusting_days=10),
            [
                (
                    "giấy phép xây dựng đối với nhà ở riêng lẻ",
                    "construction permits for detached houses",
                ),
                (
                    "giấy phép xây dựng đối với công trình cấp III, cấp IV",
                    "construction permits for grade III and IV works",
                ),
                ("giấy phép xây dựng công trình có thời hạn", "temporary construction permits"),
            ],
        )
        + [
            ("Cấp giấy phép di dời công trình", "Issuing permits to relocate works", {"days": 15}),
            (
                "Cấp giấy phép sửa chữa, cải tạo công trình",
                "Issuing permits to repair or renovate works",
                {"days": 15},
            ),
            (
                "Thẩm định Báo cáo kinh tế – kỹ thuật đầu tư xây dựng",
                None,
                {"days": 20, "result": "Văn bản thông báo kết quả thẩm định"},
            ),
        ],
    ),
    Family(
        "district",
        "Thành lập và hoạt động của hộ kinh doanh",
        "Household businesses",
        HO_KINH_DOANH,
        "Giấy chứng nhận đăng ký hộ kinh doanh",
        "100.000 đồng/lần (miễn lệ phí khi đăng ký qua mạng điện tử)",
        [
            "Giấy đề nghị đăng ký hộ kinh doanh",
            ID,
            "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có)",
        ],
        3,
        "full",
        True,
        True,
        3.0,
        [
            ("Đăng ký thành lập hộ kinh doanh", "Registering household businesses", {"w": 5}),
            (
                "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
                "Changing household business registrations",
                {"w": 2},
            ),
            (
                "Tạm ngừng hoạt động hộ kinh doanh",
                "Suspending household businesses",
                {"result": "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh"},
            ),
            (
                "Chấm dứt hoạt động hộ kinh doanh",
                "Closing household businesses",
                {"result": "Thông báo về việc chấm dứt hoạt động hộ kinh doanh"},
            ),
            (
                "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
                "Re-issuing household business certificates",
                {},
            ),
        ],
    ),
    Family(
        "district",
        "Thành lập và hoạt động của hợp tác xã",
        "Cooperatives",
        HOP_TAC_XA,
        "Giấy chứng nhận đăng ký hợp tác xã",
        "100.000 đồng/lần",
        [
            "Giấy đề nghị đăng ký hợp tác xã",
            "Điều lệ hợp tác xã",
            "Phương án sản xuất, kinh doanh",
            "Danh sách thành viên",
        ],
        5,
        "partial",
        True,
        False,
        0.3,
        [
            ("Đăng ký thành lập hợp tác xã", "Registering cooperatives", {}),
            (
                "Đăng ký thay đổi tên, địa chỉ trụ sở chính, ngành, nghề sản xuất, kinh doanh, vốn "
                "điều lệ, người đại diện theo pháp luật của hợp tác xã",
                None,
                {},
            ),
            ("Giải thể tự nguyện hợp tác xã", None, {"result": "Thông báo giải thể hợp tác xã"}),
        ],
    ),
    Family(
        "district",
        "Lưu thông hàng hóa trong nước",
        "Domestic trade",
        RUOU,
        "Giấy phép bán lẻ / sản xuất",
        "Theo Thông tư số 168/2016/TT-BTC: tại thành phố "
        "1.100.000 đồng/giấy phép; tại các khu vực khác 550.000 đồng/giấy phép",
        [
            "Đơn đề nghị cấp giấy phép theo mẫu",
            COMPANY,
            "Bản sao hợp đồng thuê địa điểm kinh doanh hoặc giấy tờ chứng minh quyền sử dụng",
        ],
        10,
        "full",
        True,
        False,
        0.6,
        cross(
            PERMIT_ACTIONS,
            [
                ("Giấy phép bán lẻ rượu", "retail licences for alcohol"),
                ("Giấy phép bán lẻ sản phẩm thuốc lá", "retail licences for tobacco products"),
                (
                    "Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh",
                    "licences for craft production of alcohol for sale",
                ),
            ],
        ),
    ),
    Family(
        "district",
        "Giáo dục và Đào tạo",
        "Education and training",
        GIAO_DUC,
        "Quyết định cho phép",
        "Không",
        ["Tờ trình đề nghị", "Đề án hoặc văn bản giải trình đáp ứng điều kiện"],
        20,
        "partial",
        False,
        False,
        0.5,
        [
            (
                "Chuyển trường đối với học sinh trung học cơ sở",
                "Transferring lower secondary pupils between schools",
                {"days": 3, "w": 5, "result": "Giấy giới thiệu chuyển trường"},
            ),
            ("Cho phép trường mầm non hoạt động giáo dục", None, {}),
            ("Cho phép trường tiểu học hoạt động giáo dục", None, {}),
            ("Cho phép trường trung học cơ sở hoạt động giáo dục", None, {}),
            ("Thành lập nhóm trẻ, lớp mẫu giáo độc lập tư thục", None, {}),
            ("Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú", None, {"days": 10}),
        ],
    ),
    Family(
        "district",
        "Người có công",
        "People with meritorious services",
        NGUOI_CO_CONG,
        "Quyết định trợ cấp",
        "Không",
        ["Đơn đề nghị theo mẫu", "Giấy tờ chứng minh là người có công với cách mạng"],
        12,
        "partial",
        True,
        False,
        0.6,
        [
            ("Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", None, {}),
            (
                "Cấp giấy giới thiệu thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ",
                None,
                {"days": 5, "result": "Giấy giới thiệu"},
            ),
            ("Giải quyết chế độ mai táng phí đối với cựu chiến binh", None, {"days": 10}),
            (
                "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình",
                None,
                {"days": 10},
            ),
        ],
    ),
    Family(
        "district",
        "Văn hóa",
        "Culture",
        VAN_HOA,
        "Giấy phép",
        "Theo quy định của Bộ Tài chính",
        ["Đơn đề nghị cấp giấy phép theo mẫu", COMPANY],
        5,
        "full",
        True,
        False,
        0.2,
        [
            (
                "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                "Licensing karaoke businesses",
                {},
            ),
            (
                "Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
                None,
                {"days": 4},
            ),
            ("Thông báo tổ chức lễ hội cấp huyện", None, {"days": 7, "result": "Văn bản trả lời"}),
        ],
    ),
    # ---------------------------------------------------------------- province level
    Family(
        "BHXH",
        "Bảo hiểm xã hội, bảo hiểm y tế",
        "Social and health insurance",
        BHXH,
        "Quyết định hưởng chế độ / Sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
        "Không",
        [
            "Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế (Mẫu TK1-TS)",
            "Sổ bảo hiểm xã hội",
            "Giấy tờ chứng minh việc hưởng chế độ theo quy định",
        ],
        10,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Đăng ký, đóng, cấp sổ bảo hiểm xã hội, thẻ bảo hiểm y tế đối với người lao động",
                "Registering employees for social and health insurance",
                {
                    "days": 5,
                    "w": 10,
                    "basis": BHXH_THU,
                    "result": "Sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
                },
            ),
            (
                "Đăng ký đóng, cấp thẻ bảo hiểm y tế đối với người chỉ tham gia bảo hiểm y tế",
                "Registering people for health insurance only",
                {"days": 5, "w": 6, "basis": BHXH_THU, "result": "Thẻ bảo hiểm y tế"},
            ),
            (
                "Đăng ký, đóng bảo hiểm xã hội tự nguyện",
                "Registering for voluntary social insurance",
                {"days": 5, "w": 3, "basis": BHXH_THU},
            ),
            (
                "Cấp lại, đổi, điều chỉnh thông tin trên sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
                "Re-issuing or correcting social insurance books and health insurance cards",
                {"days": 3, "w": 8},
            ),
            ("Giải quyết hưởng chế độ ốm đau", "Granting sickness benefits", {"days": 6, "w": 4}),
            (
                "Giải quyết hưởng chế độ thai sản",
                "Granting maternity benefits",
                {"days": 6, "w": 4},
            ),
            (
                "Giải quyết hưởng trợ cấp dưỡng sức, phục hồi sức khỏe sau ốm đau, thai sản",
                "Granting convalescence allowances",
                {"days": 6, "w": 1},
            ),
            ("Giải quyết hưởng lương hưu", "Granting retirement pensions", {"days": 20, "w": 1}),
            (
                "Giải quyết hưởng bảo hiểm xã hội một lần",
                "Granting one-off social insurance payments",
                {"days": 10, "w": 2},
            ),
            ("Giải quyết hưởng chế độ tử tuất", "Granting survivor benefits", {"days": 8}),
            (
                "Giải quyết hưởng chế độ tai nạn lao động, bệnh nghề nghiệp",
                "Granting work accident and occupational disease benefits",
                {"days": 10},
            ),
            (
                "Thanh toán trực tiếp chi phí khám bệnh, chữa bệnh bảo hiểm y tế",
                "Direct reimbursement of health insurance costs",
                {"days": 40, "w": 1},
            ),
            (
                "Chuyển nơi hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng",
                "Moving where a pension is paid",
                {"days": 10},
            ),
            (
                "Hoàn trả tiền đã đóng trùng, đóng thừa bảo hiểm xã hội, bảo hiểm y tế",
                None,
                {"days": 10, "basis": BHXH_THU},
            ),
        ],
    ),
    Family(
        "SCT",
        "Lưu thông hàng hóa trong nước",
        "Domestic trade",
        RUOU + THUOC_LA,
        "Giấy phép kinh doanh",
        "Theo Thông tư số 168/2016/TT-BTC ngày 26/10/2016 của Bộ Tài chính",
        [
            "Đơn đề nghị cấp giấy phép theo mẫu",
            COMPANY,
            "Danh sách thương nhân, cửa hàng thuộc hệ thống phân phối",
            "Hợp đồng mua bán với nhà cung cấp",
        ],
        15,
        "full",
        True,
        True,
        1.0,
        cross(
            PERMIT_ACTIONS,
            [
                ("Giấy phép bán buôn rượu", "wholesale licences for alcohol"),
                ("Giấy phép bán buôn sản phẩm thuốc lá", "wholesale licences for tobacco products"),
                (
                    "Giấy phép sản xuất rượu công nghiệp có quy mô dưới 3 triệu lít/năm",
                    "licences to produce alcohol below 3 million litres a year",
                ),
            ],
        ),
    ),
    Family(
        "SCT",
        "Kinh doanh xăng dầu, khí",
        "Petroleum and gas",
        XANG_DAU + KHI,
        "Giấy chứng nhận đủ điều kiện",
        "Phí thẩm định điều kiện kinh doanh: 1.200.000 đồng/cơ sở",
        [
            "Đơn đề nghị cấp Giấy chứng nhận theo mẫu",
            COMPANY,
            "Bản sao tài liệu chứng minh đáp ứng điều kiện về phòng cháy và chữa cháy",
            "Bản sao Giấy chứng nhận kiểm định thiết bị đo lường",
        ],
        15,
        "partial",
        True,
        True,
        0.8,
        cross(
            PERMIT_ACTIONS,
            [
                (
                    "Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu",
                    "certificates of eligibility for petrol retail stations",
                ),
                (
                    "Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai",
                    "certificates of eligibility for bottled LPG retail shops",
                ),
                ("Giấy chứng nhận đủ điều kiện trạm nạp LPG vào phương tiện vận tải", None),
            ],
        ),
    ),
    Family(
        "SCT",
        "An toàn thực phẩm",
        "Food safety",
        ATTP,
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "Phí thẩm định: 500.000 đồng/cơ sở (cơ sở kinh doanh); 2.500.000 đồng/cơ sở (cơ sở "
        "sản xuất)",
        [
            "Đơn đề nghị cấp Giấy chứng nhận theo mẫu",
            COMPANY,
            "Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ",
            "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất",
        ],
        20,
        "full",
        True,
        True,
        0.8,
        [
            (
                "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh "
                "doanh thực phẩm do Sở Công Thương thực hiện",
                "Food safety certificates for food producers and traders",
                {"w": 3},
            ),
            (
                "Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "Re-issuing food safety certificates",
                {"days": 5},
            ),
            (
                "Cấp Giấy xác nhận kiến thức về an toàn thực phẩm cho tổ chức và cá nhân",
                None,
                {"days": 5, "result": "Giấy xác nhận kiến thức về an toàn thực phẩm"},
            ),
        ],
    ),
    Family(
        "SCT",
        "Xúc tiến thương mại",
        "Trade promotion",
        XUC_TIEN,
        "Văn bản xác nhận",
        "Không",
        [
            "Văn bản đăng ký / thông báo theo mẫu",
            COMPANY,
            "Thể lệ chương trình khuyến mại",
            "Mẫu vé số dự thưởng (nếu có)",
        ],
        5,
        "full",
        False,
        True,
        3.0,
        [
            (
                "Thông báo thực hiện khuyến mại",
                "Notifying sales promotions",
                {"days": 1, "w": 12, "result": "Xác nhận tiếp nhận thông báo"},
            ),
            (
                "Đăng ký thực hiện khuyến mại mang tính may rủi trên địa bàn 01 tỉnh",
                "Registering chance-based sales promotions in one province",
                {"w": 3, "result": "Văn bản xác nhận đăng ký thực hiện khuyến mại"},
            ),
            (
                "Đăng ký sửa đổi, bổ sung nội dung chương trình khuyến mại",
                "Amending registered sales promotions",
                {"days": 3, "w": 1},
            ),
            (
                "Đăng ký tổ chức hội chợ, triển lãm thương mại tại Việt Nam",
                "Registering trade fairs and exhibitions",
                {"days": 7},
            ),
            (
                "Đăng ký thay đổi, bổ sung nội dung tổ chức hội chợ, triển lãm thương mại",
                None,
                {"days": 7},
            ),
        ],
    ),
    Family(
        "SCT",
        "Điện lực, vật liệu nổ công nghiệp",
        "Electricity and industrial explosives",
        DIEN_LUC + VAT_LIEU_NO,
        "Giấy phép",
        "Phí thẩm định theo Thông tư số 167/2016/TT-BTC của Bộ Tài chính",
        [
            "Văn bản đề nghị cấp giấy phép theo mẫu",
            COMPANY,
            "Danh sách trích ngang người quản lý kỹ thuật, vận hành",
            "Hồ sơ chứng minh đủ điều kiện kỹ thuật, an toàn",
        ],
        15,
        "partial",
        True,
        False,
        0.2,
        [
            (
                "Cấp giấy phép hoạt động phân phối điện đến cấp điện áp 35 kV",
                "Licensing electricity distribution up to 35 kV",
                {},
            ),
            (
                "Cấp giấy phép hoạt động phát điện đối với nhà máy điện có quy mô dưới 3 MW",
                None,
                {},
            ),
            ("Cấp giấy phép hoạt động tư vấn chuyên ngành điện lực", None, {}),
            (
                "Cấp giấy phép sử dụng vật liệu nổ công nghiệp",
                "Licensing the use of industrial explosives",
                {"days": 10},
            ),
            (
                "Cấp giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp",
                None,
                {"days": 5, "result": "Giấy chứng nhận huấn luyện"},
            ),
        ],
    ),
    Family(
        "SCT",
        "Xuất nhập khẩu",
        "Import and export",
        [
            "Nghị định số 31/2018/NĐ-CP ngày "
            "08/3/2018 của Chính phủ quy định chi tiết Luật Quản lý ngoại thương về xuất xứ hàng "
            "hóa",
            "Nghị định số 09/2018/NĐ-CP ngày 15/01/2018 của Chính phủ",
        ],
        "Giấy phép / Giấy chứng nhận",
        "Theo quy định của Bộ Tài chính",
        ["Văn bản đề nghị theo mẫu", COMPANY, "Giải trình về điều kiện thực hiện"],
        15,
        "full",
        True,
        False,
        0.3,
        [
            (
                "Cấp Giấy phép kinh doanh cho tổ chức kinh tế có vốn đầu tư nước ngoài để thực hiện "
                "hoạt động mua bán hàng hóa",
                "Business licences for foreign-invested companies trading goods",
                {},
            ),
            (
                "Cấp Giấy phép lập cơ sở bán lẻ cho tổ chức kinh tế có vốn đầu tư nước ngoài",
                None,
                {},
            ),
            (
                "Cấp Giấy phép thành lập Văn phòng đại diện của thương nhân nước ngoài tại Việt Nam",
                "Licensing representative offices of foreign traders",
                {"days": 7},
            ),
        ],
    ),
    Family(
        "SGTVT",
        "Đường bộ",
        "Road transport",
        LAI_XE,
        "Giấy phép lái xe",
        "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần",
        [
            "Đơn đề nghị đổi, cấp lại giấy phép lái xe theo mẫu",
            "Giấy khám sức khỏe của người lái xe do cơ sở y tế có thẩm quyền cấp",
            "Bản sao giấy phép lái xe",
            ID,
        ],
        5,
        "full",
        True,
        False,
        6.0,
        [
            (
                "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
                "Exchanging driving licences issued by the transport sector",
                {"w": 10},
            ),
            ("Cấp lại giấy phép lái xe", "Re-issuing driving licences", {"days": 10, "w": 4}),
            (
                "Đổi giấy phép lái xe quân sự do Bộ Quốc phòng cấp",
                "Exchanging military driving licences",
                {"w": 0.5},
            ),
            (
                "Đổi giấy phép lái xe do ngành Công an cấp",
                "Exchanging driving licences issued by the police",
                {"w": 0.5},
            ),
            (
                "Đổi giấy phép lái xe hoặc bằng lái xe của nước ngoài cấp",
                "Exchanging foreign driving licences",
                {"w": 0.3},
            ),
            ("Cấp giấy phép lái xe quốc tế", "Issuing international driving permits", {"w": 0.5}),
            (
                "Sát hạch cấp giấy phép lái xe ô tô",
                "Driving tests for car licences",
                {"days": 10, "w": 3},
            ),
            (
                "Cấp mới giấy phép đào tạo lái xe ô tô",
                None,
                {"days": 15, "w": 0.1, "result": "Giấy phép đào tạo lái xe"},
            ),
        ],
    ),
    Family(
        "SGTVT",
        "Vận tải",
        "Transport operations",
        VAN_TAI,
        "Giấy phép / phù hiệu",
        "Lệ phí cấp giấy phép kinh doanh vận tải: 200.000 đồng/giấy phép",
        [
            "Giấy đề nghị cấp theo mẫu",
            COMPANY,
            "Phương án kinh doanh vận tải",
            "Bản sao văn bằng, chứng chỉ của người trực tiếp điều hành hoạt động vận tải",
        ],
        5,
        "full",
        True,
        False,
        3.0,
        [
            (
                "Cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
                "Licensing road transport businesses",
                {"w": 2},
            ),
            (
                "Cấp lại Giấy phép kinh doanh vận tải bằng xe ô tô",
                "Re-issuing road transport business licences",
                {"days": 3},
            ),
            (
                "Cấp phù hiệu xe ô tô kinh doanh vận tải",
                "Issuing badges for commercial vehicles",
                {"days": 2, "w": 6, "result": "Phù hiệu"},
            ),
            (
                "Cấp lại phù hiệu xe ô tô kinh doanh vận tải",
                "Re-issuing badges for commercial vehicles",
                {"days": 2, "w": 2, "result": "Phù hiệu"},
            ),
            (
                "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô",
                None,
                {"days": 3, "result": "Thông báo đăng ký khai thác tuyến thành công"},
            ),
        ],
    ),
    Family(
        "SGTVT",
        "Đường bộ",
        "Road infrastructure",
        DUONG_BO,
        "Giấy phép",
        "Không",
        [
            "Đơn đề nghị cấp giấy phép theo mẫu",
            "Bản sao giấy đăng ký xe",
            "Hồ sơ thiết kế, biện pháp tổ chức thi công (đối với thi công công trình)",
        ],
        7,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn, xe bánh xích trên "
                "đường bộ",
                "Permits for overweight and oversized vehicles",
                {"days": 2, "w": 3},
            ),
            (
                "Cấp giấy phép thi công công trình đường bộ trên quốc lộ, đường tỉnh đang khai thác",
                "Permits for works on roads in use",
                {},
            ),
            (
                "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao "
                "thông đường bộ",
                None,
                {"result": "Văn bản chấp thuận"},
            ),
            (
                "Đăng ký xe máy chuyên dùng lần đầu",
                "First registration of specialised machines",
                {"days": 3, "result": "Giấy chứng nhận đăng ký, biển số xe máy chuyên dùng"},
            ),
            ("Cấp Giấy chứng nhận đăng ký, biển số xe máy chuyên dùng tạm thời", None, {"days": 1}),
        ],
    ),
    Family(
        "STP",
        "Lý lịch tư pháp",
        "Judicial records",
        LLTP,
        "Phiếu lý lịch tư pháp",
        "200.000 đồng/lần/người; sinh viên, người có công với cách mạng: 100.000 đồng/lần/người",
        [
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu",
            ID,
            "Bản sao giấy tờ chứng minh nơi thường trú hoặc tạm trú",
        ],
        10,
        "full",
        True,
        False,
        8.0,
        [
            (
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
                "Việt Nam",
                "Issuing judicial record certificates to Vietnamese citizens and foreign residents",
                {"w": 10},
            ),
            (
                "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, cơ quan tiến hành tố tụng",
                "Issuing judicial record certificates to state bodies",
                {"w": 1, "postal": False},
            ),
        ],
    ),
    Family(
        "STP",
        "Bổ trợ tư pháp",
        "Judicial support services",
        BO_TU_PHAP,
        "Quyết định / Giấy đăng ký hoạt động / Thẻ hành nghề",
        "Phí thẩm định theo Thông tư số 257/2016/TT-BTC của Bộ Tài chính",
        [
            "Đơn đề nghị theo mẫu",
            "Đề án hoặc danh sách người hành nghề",
            "Bản sao quyết định bổ nhiệm hoặc chứng chỉ hành nghề",
        ],
        10,
        "partial",
        True,
        False,
        0.8,
        [
            ("Thành lập Văn phòng công chứng", "Establishing notary offices", {"days": 20}),
            ("Đăng ký hoạt động Văn phòng công chứng", "Registering notary offices", {}),
            ("Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng", None, {"days": 5}),
            (
                "Đăng ký hành nghề và cấp Thẻ công chứng viên",
                "Registering notaries and issuing notary cards",
                {"days": 5, "w": 1.5},
            ),
            ("Cấp lại Thẻ công chứng viên", "Re-issuing notary cards", {"days": 5}),
            ("Đăng ký hoạt động của tổ chức hành nghề luật sư", "Registering law firms", {}),
            ("Đăng ký hành nghề luật sư với tư cách cá nhân", None, {"days": 7}),
            (
                "Đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
                "Registering property auction companies",
                {},
            ),
            ("Cấp Thẻ đấu giá viên", "Issuing auctioneer cards", {"days": 5}),
            ("Đăng ký hoạt động Văn phòng Thừa phát lại", None, {"days": 10}),
            ("Cấp Giấy đăng ký hoạt động của Trung tâm trọng tài", None, {"days": 15}),
            ("Đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân", None, {"days": 5}),
        ],
    ),
    Family(
        "STP",
        "Nuôi con nuôi, quốc tịch",
        "Adoption and nationality",
        [
            "Luật Nuôi con nuôi số 52/2010/QH12",
            "Luật Quốc tịch Việt Nam số 24/2008/QH12, sửa đổi, bổ sung năm 2014",
            "Nghị định số 16/2020/NĐ-CP ngày 03/02/2020 của Chính phủ",
        ],
        "Quyết định / Giấy xác nhận",
        "Theo quy định của Bộ Tài chính",
        ["Tờ khai theo mẫu", ID, "Giấy tờ chứng minh theo quy định"],
        20,
        "partial",
        True,
        False,
        0.3,
        [
            (
                "Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm con "
                "nuôi",
                None,
                {"days": 30},
            ),
            (
                "Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước",
                "Confirming Vietnamese nationality",
                {"days": 20},
            ),
            ("Cấp Giấy xác nhận là người gốc Việt Nam ở trong nước", None, {"days": 20}),
        ],
    ),
    Family(
        "SLDTBXH",
        "Việc làm",
        "Employment",
        VIEC_LAM,
        "Quyết định hưởng trợ cấp thất nghiệp",
        "Không",
        [
            "Đề nghị hưởng trợ cấp thất nghiệp theo mẫu",
            "Bản sao quyết định thôi việc hoặc văn bản chấm dứt hợp đồng lao động",
            "Sổ bảo hiểm xã hội",
        ],
        20,
        "full",
        True,
        False,
        4.0,
        [
            ("Giải quyết hưởng trợ cấp thất nghiệp", "Granting unemployment benefits", {"w": 6}),
            ("Tạm dừng hưởng trợ cấp thất nghiệp", "Suspending unemployment benefits", {"days": 3}),
            ("Tiếp tục hưởng trợ cấp thất nghiệp", "Resuming unemployment benefits", {"days": 3}),
            (
                "Chuyển nơi hưởng trợ cấp thất nghiệp",
                "Moving unemployment benefits to another province",
                {"days": 3},
            ),
            (
                "Hỗ trợ học nghề cho người đang hưởng trợ cấp thất nghiệp",
                "Vocational training support for the unemployed",
                {"days": 20},
            ),
            (
                "Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp",
                None,
                {"days": 7, "w": 0.2, "result": "Giấy phép hoạt động dịch vụ việc làm"},
            ),
        ],
    ),
    Family(
        "SLDTBXH",
        "Lao động, tiền lương",
        "Labour and wages",
        LAO_DONG,
        "Giấy phép lao động / văn bản xác nhận",
        "Theo Nghị quyết của Hội đồng nhân dân tỉnh: 600.000 đồng/giấy phép",
        [
            "Văn bản đề nghị theo mẫu",
            "Giấy chứng nhận sức khỏe",
            "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải là người phạm tội",
            "Văn bản chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động "
            "kỹ thuật",
            "02 ảnh màu (kích thước 4 cm x 6 cm)",
        ],
        5,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
                "Issuing work permits to foreign employees",
                {"w": 3},
            ),
            (
                "Cấp lại giấy phép lao động cho người lao động nước ngoài",
                "Re-issuing work permits to foreign employees",
                {"days": 3},
            ),
            (
                "Gia hạn giấy phép lao động cho người lao động nước ngoài",
                "Extending work permits of foreign employees",
                {},
            ),
            (
                "Xác nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động",
                "Confirming work permit exemptions",
                {"days": 3},
            ),
            ("Đăng ký nội quy lao động của doanh nghiệp", None, {"days": 7}),
            (
                "Gửi thang lương, bảng lương, định mức lao động của doanh nghiệp",
                None,
                {"days": 10, "w": 0.3},
            ),
        ],
    ),
    Family(
        "SLDTBXH",
        "Người có công",
        "People with meritorious services",
        NGUOI_CO_CONG,
        "Quyết định trợ cấp",
        "Không",
        [
            "Bản khai theo mẫu",
            "Giấy tờ chứng minh là người có công với cách mạng",
            "Giấy chứng tử (đối với thân nhân liệt sĩ)",
        ],
        20,
        "partial",
        True,
        False,
        0.6,
        [
            (
                "Giải quyết chế độ trợ cấp một lần đối với người được cử làm chuyên gia sang giúp "
                "Lào, Căm-pu-chia",
                None,
                {},
            ),
            (
                "Công nhận và giải quyết chế độ ưu đãi người hoạt động kháng chiến bị nhiễm chất độc "
                "hóa học",
                None,
                {"days": 40},
            ),
            ("Giải quyết chế độ người có công giúp đỡ cách mạng", None, {}),
            (
                "Di chuyển hồ sơ khi người hưởng trợ cấp ưu đãi thay đổi nơi thường trú",
                None,
                {"days": 5},
            ),
            ("Đính chính thông tin trên bia mộ liệt sĩ", None, {"days": 10}),
        ],
    ),
    Family(
        "CAT",
        "Xuất nhập cảnh",
        "Immigration",
        XUAT_NHAP_CANH,
        "Hộ chiếu / thị thực / thẻ",
        "Theo Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính",
        ["Tờ khai đề nghị theo mẫu", "02 ảnh chân dung (kích thước 4 cm x 6 cm)", ID],
        8,
        "full",
        True,
        False,
        2.0,
        [
            ("Cấp hộ chiếu phổ thông ở trong nước", "Issuing ordinary passports", {"w": 6}),
            (
                "Cấp thị thực cho người nước ngoài tại Việt Nam",
                "Issuing visas to foreigners in Viet Nam",
                {"days": 5},
            ),
            (
                "Cấp thẻ tạm trú cho người nước ngoài tại Việt Nam",
                "Issuing temporary residence cards to foreigners",
                {"days": 5},
            ),
            (
                "Gia hạn tạm trú cho người nước ngoài tại Việt Nam",
                "Extending temporary residence of foreigners",
                {"days": 5},
            ),
            (
                "Cấp giấy thông hành biên giới Việt Nam – Lào cho công dân Việt Nam",
                None,
                {"days": 1},
            ),
        ],
    ),
    Family(
        "CAT",
        "Đăng ký, quản lý phương tiện giao thông",
        "Vehicle registration",
        DANG_KY_XE,
        "Giấy chứng nhận đăng ký xe, biển số xe",
        "Theo Thông tư số 60/2023/TT-BTC của Bộ Tài chính",
        ["Giấy khai đăng ký xe", "Chứng từ nguồn gốc xe", "Chứng từ lệ phí trước bạ", ID],
        2,
        "full",
        True,
        False,
        2.0,
        [
            ("Đăng ký xe ô tô lần đầu", "First registration of cars", {"w": 3}),
            ("Đăng ký sang tên, di chuyển xe", "Registering a change of vehicle owner", {}),
            (
                "Cấp đổi, cấp lại chứng nhận đăng ký xe, biển số xe",
                "Replacing vehicle registrations and plates",
                {},
            ),
            ("Thu hồi đăng ký, biển số xe", "Deregistering vehicles", {}),
        ],
    ),
    Family(
        "CAT",
        "Phòng cháy, chữa cháy; an ninh, trật tự",
        "Fire safety, security and order",
        PCCC + AN_NINH,
        "Văn bản chấp thuận / Giấy chứng nhận",
        "Phí thẩm định theo Thông tư số 258/2016/TT-BTC của Bộ Tài chính",
        ["Văn bản đề nghị theo mẫu", "Hồ sơ thiết kế về phòng cháy và chữa cháy", COMPANY],
        15,
        "partial",
        True,
        False,
        0.6,
        [
            (
                "Thẩm duyệt thiết kế về phòng cháy và chữa cháy",
                "Approving fire safety designs",
                {"w": 2},
            ),
            (
                "Nghiệm thu về phòng cháy và chữa cháy",
                "Acceptance inspections for fire safety",
                {"days": 10},
            ),
            (
                "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự để làm ngành, nghề kinh doanh "
                "có điều kiện",
                "Certifying security and order conditions for regulated businesses",
                {"days": 5, "w": 1.5},
            ),
            ("Cấp giấy phép sử dụng công cụ hỗ trợ", None, {"days": 5}),
        ],
    ),
    Family(
        "SKHDT",
        "Thành lập và hoạt động của doanh nghiệp",
        "Business registration",
        DOANH_NGHIEP,
        "Giấy chứng nhận đăng ký doanh nghiệp",
        "Miễn lệ phí đối với hồ sơ đăng ký qua mạng điện tử; phí công bố thông tin: 100.000 "
        "đồng/lần",
        [
            "Giấy đề nghị đăng ký doanh nghiệp",
            "Điều lệ công ty",
            "Danh sách thành viên / cổ đông sáng lập",
            "Bản sao giấy tờ pháp lý của cá nhân, tổ chức là thành viên",
        ],
        3,
        "full",
        True,
        True,
        1.0,
        cross(
            [("Đăng ký thành lập", "Registering a new", {"w": 2})],
            [
                ("doanh nghiệp tư nhân", "sole proprietorship"),
                ("công ty trách nhiệm hữu hạn một thành viên", "single-member limited company"),
                (
                    "công ty trách nhiệm hữu hạn hai thành viên trở lên",
                    "multi-member limited company",
                ),
                ("công ty cổ phần", "joint-stock company"),
                ("công ty hợp danh", "partnership"),
            ],
        )
        + cross(
            [("Đăng ký thay đổi", "Registering a change of")],
            [
                ("người đại diện theo pháp luật của công ty", "a company's legal representative"),
                ("địa chỉ trụ sở chính của doanh nghiệp", "a company's registered address"),
                ("vốn điều lệ, tỷ lệ vốn góp", "charter capital"),
                ("tên doanh nghiệp", "company name"),
                (
                    "chủ sở hữu công ty trách nhiệm hữu hạn một thành viên",
                    "owner of a single-member limited company",
                ),
            ],
        )
        + [
            (
                "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo",
                "Notifying suspension or early resumption of business",
                {"w": 1.5},
            ),
            (
                "Thông báo thay đổi ngành, nghề kinh doanh",
                "Notifying changes of business lines",
                {"w": 1.5},
            ),
            (
                "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
                "Registering branches, representative offices and business locations",
                {"w": 1.5},
            ),
            ("Giải thể doanh nghiệp", "Dissolving companies", {"days": 5}),
            (
                "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
                "Re-issuing business registration certificates",
                {},
            ),
        ],
    ),
    Family(
        "SKHDT",
        "Đầu tư tại Việt Nam",
        "Investment",
        DAU_TU,
        "Giấy chứng nhận đăng ký đầu tư / Quyết định chấp thuận chủ trương đầu tư",
        "Không",
        [
            "Văn bản đề nghị thực hiện dự án đầu tư",
            "Đề xuất dự án đầu tư",
            "Bản sao tài liệu về tư cách pháp lý của nhà đầu tư",
            "Bản sao báo cáo tài chính 02 năm gần nhất của nhà đầu tư",
        ],
        15,
        "partial",
        True,
        False,
        0.3,
        [
            (
                "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ "
                "trương đầu tư",
                "Issuing investment registration certificates",
                {},
            ),
            (
                "Điều chỉnh Giấy chứng nhận đăng ký đầu tư",
                "Amending investment registration certificates",
                {"days": 10},
            ),
            (
                "Chấp thuận chủ trương đầu tư của UBND cấp tỉnh",
                "Provincial approval of investment policies",
                {"days": 35},
            ),
            ("Gia hạn thời hạn hoạt động của dự án đầu tư", None, {"days": 25}),
            ("Chấm dứt hoạt động dự án đầu tư", None, {"days": 15}),
            ("Thành lập tổ chức kinh tế của nhà đầu tư nước ngoài", None, {"days": 15}),
        ],
    ),
    Family(
        "STNMT",
        "Đất đai",
        "Land",
        DAT_DAI,
        "Quyết định giao đất, cho thuê đất / Giấy chứng nhận quyền sử dụng đất",
        "Theo Nghị quyết của Hội đồng nhân dân tỉnh về phí thẩm định hồ sơ cấp Giấy chứng nhận",
        [
            "Đơn đề nghị theo mẫu",
            "Trích lục bản đồ địa chính thửa đất",
            "Văn bản thẩm định nhu cầu sử dụng đất",
            COMPANY,
        ],
        20,
        "partial",
        True,
        False,
        1.0,
        [
            (
                "Giao đất, cho thuê đất không thông qua hình thức đấu giá quyền sử dụng đất đối với tổ "
                "chức",
                "Allocating or leasing land to organisations without auction",
                {},
            ),
            (
                "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với "
                "tổ chức",
                "Change of land use purpose for organisations",
                {},
            ),
            (
                "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với "
                "đất lần đầu đối với tổ chức",
                "First land use rights certificates for organisations",
                {"days": 30},
            ),
            (
                "Gia hạn sử dụng đất đối với tổ chức",
                "Extending land use terms for organisations",
                {"days": 7},
            ),
            (
                "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đối với tổ "
                "chức",
                None,
                {"days": 10, "w": 2},
            ),
            (
                "Thu hồi đất do chấm dứt việc sử dụng đất theo pháp luật, tự nguyện trả lại đất",
                None,
                {"days": 30},
            ),
            (
                "Cung cấp dữ liệu đất đai",
                "Providing land data",
                {"days": 2, "w": 3, "result": "Thông tin, dữ liệu đất đai"},
            ),
        ],
    ),
    Family(
        "STNMT",
        "Môi trường",
        "Environment",
        MOI_TRUONG,
        "Giấy phép môi trường",
        "Phí thẩm định theo Nghị quyết của Hội đồng nhân dân tỉnh",
        [
            "Văn bản đề nghị cấp giấy phép môi trường theo mẫu",
            "Báo cáo đề xuất cấp giấy phép môi trường",
            "Bản sao báo cáo nghiên cứu khả thi của dự án đầu tư",
        ],
        30,
        "partial",
        True,
        False,
        0.5,
        cross(
            [
                ("Cấp", "Issuing"),
                ("Cấp đổi", "Replacing", {"days": 10}),
                ("Cấp điều chỉnh", "Adjusting", {"days": 20}),
                ("Cấp lại", "Re-issuing"),
            ],
            [("giấy phép môi trường", "environmental permits")],
        )
        + [
            (
                "Thẩm định báo cáo đánh giá tác động môi trường",
                "Appraising environmental impact assessments",
                {"days": 45, "result": "Quyết định phê duyệt kết quả thẩm định"},
            ),
            (
                "Đăng ký môi trường",
                "Environmental registration",
                {"days": 5, "result": "Xác nhận tiếp nhận đăng ký môi trường"},
            ),
        ],
    ),
    Family(
        "STNMT",
        "Tài nguyên nước, khoáng sản",
        "Water resources and minerals",
        NUOC + KHOANG_SAN,
        "Giấy phép",
        "Phí thẩm định theo Nghị quyết của Hội đồng nhân dân tỉnh",
        [
            "Đơn đề nghị cấp giấy phép theo mẫu",
            "Đề án, báo cáo kỹ thuật",
            "Kết quả phân tích chất lượng nguồn nước / bản đồ khu vực",
        ],
        30,
        "partial",
        True,
        False,
        0.4,
        cross(
            [("Cấp", "Issuing"), ("Gia hạn, điều chỉnh", "Extending or adjusting", {"days": 25})],
            [
                (
                    "giấy phép thăm dò nước dưới đất đối với công trình có lưu lượng dưới 3.000 m³/ngày "
                    "đêm",
                    "groundwater exploration permits",
                ),
                ("giấy phép khai thác, sử dụng nước mặt", "surface water extraction permits"),
                ("giấy phép xả nước thải vào nguồn nước", "wastewater discharge permits"),
                (
                    "giấy phép khai thác khoáng sản làm vật liệu xây dựng thông thường",
                    "quarrying permits for common building materials",
                ),
            ],
        )
        + [
            ("Trả lại giấy phép khai thác khoáng sản", None, {"days": 25}),
            ("Phê duyệt đề án đóng cửa mỏ khoáng sản", None, {"days": 40}),
        ],
    ),
    Family(
        "SYT",
        "Khám bệnh, chữa bệnh",
        "Medical examination and treatment",
        KHAM_BENH,
        "Giấy phép hành nghề / Giấy phép hoạt động",
        "Phí thẩm định theo Thông tư số 59/2023/TT-BTC của Bộ Tài chính",
        [
            "Đơn đề nghị theo mẫu",
            "Bản sao văn bằng chuyên môn",
            "Giấy chứng nhận đủ sức khỏe để hành nghề",
            "Giấy xác nhận quá trình thực hành",
        ],
        20,
        "partial",
        True,
        False,
        1.0,
        [
            (
                "Cấp mới giấy phép hành nghề khám bệnh, chữa bệnh",
                "Issuing medical practice licences",
                {"w": 3},
            ),
            (
                "Cấp lại giấy phép hành nghề khám bệnh, chữa bệnh",
                "Re-issuing medical practice licences",
                {"days": 5},
            ),
            ("Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh", None, {}),
            (
                "Cấp mới giấy phép hoạt động đối với phòng khám đa khoa",
                "Licensing general clinics",
                {"days": 30},
            ),
            (
                "Cấp mới giấy phép hoạt động đối với phòng khám chuyên khoa",
                "Licensing specialist clinics",
                {"days": 30},
            ),
            ("Cấp giấy phép hoạt động đối với cơ sở dịch vụ thẩm mỹ", None, {"days": 30}),
        ],
    ),
    Family(
        "SYT",
        "Dược phẩm, mỹ phẩm",
        "Pharmaceuticals and cosmetics",
        DUOC,
        "Chứng chỉ hành nghề dược / Giấy chứng nhận đủ điều kiện kinh doanh dược",
        "Phí thẩm định: 500.000 đồng/hồ sơ (chứng chỉ); 1.000.000 đồng/cơ sở (cơ sở bán lẻ)",
        [
            "Đơn đề nghị theo mẫu",
            "Bản sao văn bằng chuyên môn",
            "Tài liệu kỹ thuật về địa điểm, khu vực bảo quản, trang thiết bị",
        ],
        20,
        "partial",
        True,
        False,
        1.0,
        cross(
            PERMIT_ACTIONS,
            [
                ("Chứng chỉ hành nghề dược", "pharmacy practice certificates"),
                (
                    "Giấy chứng nhận đủ điều kiện kinh doanh dược đối với nhà thuốc",
                    "pharmacy business certificates for drugstores",
                ),
                (
                    "Giấy chứng nhận đủ điều kiện kinh doanh dược đối với quầy thuốc",
                    "pharmacy business certificates for drug counters",
                ),
            ],
        )
        + [
            (
                "Tiếp nhận phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước",
                None,
                {"days": 3, "result": "Phiếu công bố sản phẩm mỹ phẩm có số tiếp nhận"},
            ),
            ("Cấp giấy tiếp nhận hồ sơ quảng cáo mỹ phẩm", None, {"days": 10}),
        ],
    ),
    Family(
        "SYT",
        "An toàn thực phẩm và dinh dưỡng",
        "Food safety and nutrition",
        ATTP,
        "Giấy chứng nhận / giấy tiếp nhận",
        "Phí thẩm định theo Thông tư số 67/2021/TT-BTC của Bộ Tài chính",
        ["Đơn đề nghị theo mẫu", COMPANY, "Bản thuyết minh về cơ sở vật chất, trang thiết bị"],
        15,
        "full",
        True,
        False,
        0.8,
        [
            (
                "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh "
                "dịch vụ ăn uống",
                "Food safety certificates for restaurants and caterers",
                {"w": 3},
            ),
            ("Đăng ký bản công bố sản phẩm thực phẩm dinh dưỡng y học", None, {"days": 7}),
            ("Cấp giấy xác nhận nội dung quảng cáo thực phẩm", None, {"days": 10}),
        ],
    ),
    Family(
        "SXD",
        "Hoạt động xây dựng",
        "Construction",
        XAY_DUNG,
        "Giấy phép xây dựng",
        "150.000 đồng/giấy phép; gia hạn, điều chỉnh: 15.000 đồng/giấy phép",
        [
            "Đơn đề nghị cấp giấy phép xây dựng theo mẫu",
            "Bản sao giấy tờ chứng minh quyền sử dụng đất",
            "Bản sao quyết định phê duyệt dự án",
            "02 bộ bản vẽ thiết kế xây dựng đã được thẩm định",
        ],
        20,
        "partial",
        True,
        False,
        1.0,
        cross(
            building_permit_actions(issuing_weight=3, adjusting_days=15),
            [
                (
                    "giấy phép xây dựng mới đối với công trình cấp I, cấp II",
                    "construction permits for new grade I and II works",
                ),
                (
                    "giấy phép xây dựng đối với công trình tôn giáo, tín ngưỡng",
                    "construction permits for religious works",
                ),
                (
                    "giấy phép xây dựng công trình quảng cáo",
                    "construction permits for advertising structures",
                ),
            ],
        )
        + [
            (
                "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
                "Issuing construction practice certificates, classes II and III",
                {"days": 20, "w": 2, "result": "Chứng chỉ hành nghề"},
            ),
            (
                "Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III",
                "Issuing construction capability certificates, classes II and III",
                {"result": "Chứng chỉ năng lực"},
            ),
            (
                "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                "Appraising feasibility studies",
                {"days": 30, "result": "Văn bản thông báo kết quả thẩm định"},
            ),
            (
                "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
                "Appraising detailed designs",
                {"days": 30, "result": "Văn bản thông báo kết quả thẩm định"},
            ),
            (
                "Cho thuê nhà ở công vụ thuộc thẩm quyền quản lý của UBND cấp tỉnh",
                None,
                {"days": 30, "result": "Hợp đồng thuê nhà ở công vụ"},
            ),
        ],
    ),
    Family(
        "SNNPTNT",
        "Thú y, thủy sản",
        "Veterinary and fisheries",
        THU_Y + THUY_SAN,
        "Giấy chứng nhận / Giấy phép",
        "Theo Thông tư số 101/2020/TT-BTC của Bộ Tài chính",
        ["Đơn đề nghị theo mẫu", "Bản sao giấy tờ liên quan", ID],
        5,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn "
                "cấp tỉnh",
                "Animal quarantine certificates for transport out of the province",
                {"days": 1, "w": 5},
            ),
            ("Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật", None, {"days": 15}),
            ("Cấp giấy phép khai thác thủy sản", "Fishing licences", {"days": 6, "w": 2}),
            ("Cấp lại giấy phép khai thác thủy sản", None, {"days": 3}),
            ("Đăng ký tàu cá", "Registering fishing vessels", {"days": 3, "w": 1.5}),
            ("Cấp giấy chứng nhận an toàn kỹ thuật tàu cá", None, {"days": 5}),
        ],
    ),
    Family(
        "SNNPTNT",
        "Bảo vệ thực vật, trồng trọt, lâm nghiệp",
        "Plant protection, crops and forestry",
        TRONG_TROT + LAM_NGHIEP,
        "Giấy chứng nhận",
        "Phí thẩm định theo Thông tư số 33/2021/TT-BTC của Bộ Tài chính",
        ["Đơn đề nghị theo mẫu", COMPANY, "Bản thuyết minh điều kiện buôn bán, bảo quản"],
        15,
        "partial",
        True,
        False,
        0.5,
        cross(
            [("Cấp", "Issuing"), ("Cấp lại", "Re-issuing", {"days": 5})],
            [
                (
                    "Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
                    "certificates for pesticide dealers",
                ),
                (
                    "Giấy chứng nhận đủ điều kiện buôn bán phân bón",
                    "certificates for fertiliser dealers",
                ),
            ],
        )
        + [
            ("Phê duyệt phương án khai thác thực vật rừng thông thường", None, {"days": 10}),
            ("Xác nhận bảng kê lâm sản", None, {"days": 3, "w": 2}),
        ],
    ),
    Family(
        "SGDDT",
        "Văn bằng, chứng chỉ",
        "Diplomas and certificates",
        VAN_BANG,
        "Bản sao văn bằng / văn bằng đã chỉnh sửa",
        "3.000 đồng/bản sao",
        ["Đơn đề nghị theo mẫu", ID, "Bản chính văn bằng (đối với chỉnh sửa)"],
        5,
        "full",
        True,
        False,
        2.0,
        [
            (
                "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
                "Issuing copies of diplomas from master registers",
                {"w": 4},
            ),
            ("Chỉnh sửa nội dung văn bằng, chứng chỉ", "Correcting diplomas", {}),
            (
                "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp",
                None,
                {"days": 20},
            ),
            (
                "Phúc khảo bài thi tốt nghiệp trung học phổ thông",
                "Re-marking upper secondary graduation exams",
                {"days": 15, "w": 2, "result": "Kết quả phúc khảo"},
            ),
        ],
    ),
    Family(
        "SGDDT",
        "Giáo dục và Đào tạo",
        "Education and training",
        GIAO_DUC,
        "Quyết định cho phép",
        "Không",
        [
            "Tờ trình đề nghị",
            "Đề án hoặc văn bản giải trình đáp ứng điều kiện",
            "Danh sách giáo viên kèm bản sao văn bằng",
        ],
        20,
        "partial",
        True,
        False,
        0.8,
        [
            (
                "Chuyển trường đối với học sinh trung học phổ thông",
                "Transferring upper secondary students between schools",
                {"days": 3, "w": 5, "result": "Giấy giới thiệu chuyển trường"},
            ),
            (
                "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục",
                "Licensing language and IT centres",
                {},
            ),
            (
                "Cấp phép hoạt động giáo dục kỹ năng sống và hoạt động giáo dục ngoài giờ chính "
                "khóa",
                None,
                {},
            ),
            ("Cho phép thành lập trường trung học phổ thông tư thục", None, {"days": 40}),
            ("Đăng ký dạy thêm, học thêm ngoài nhà trường", None, {"days": 10}),
        ],
    ),
    Family(
        "SVHTTDL",
        "Du lịch",
        "Tourism",
        DU_LICH,
        "Giấy phép / Thẻ hướng dẫn viên",
        "Phí thẩm định: 3.000.000 đồng/giấy phép (nội địa); 650.000 đồng/thẻ",
        [
            "Đơn đề nghị theo mẫu",
            COMPANY,
            "Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành",
            "02 ảnh chân dung (kích thước 3 cm x 4 cm)",
        ],
        10,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
                "Licensing domestic travel agencies",
                {},
            ),
            ("Cấp đổi Giấy phép kinh doanh dịch vụ lữ hành nội địa", None, {"days": 5}),
            (
                "Cấp thẻ hướng dẫn viên du lịch nội địa",
                "Issuing domestic tour guide cards",
                {"days": 15, "w": 2},
            ),
            (
                "Cấp thẻ hướng dẫn viên du lịch quốc tế",
                "Issuing international tour guide cards",
                {"days": 15},
            ),
            (
                "Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao cho khách sạn",
                "Star ratings (1 and 2 stars) for hotels",
                {"days": 30},
            ),
        ],
    ),
    Family(
        "SVHTTDL",
        "Văn hóa, thể thao",
        "Culture and sports",
        VAN_HOA,
        "Giấy phép / văn bản chấp thuận",
        "Theo quy định của Bộ Tài chính",
        [
            "Văn bản đề nghị theo mẫu",
            "Nội dung chương trình, kịch bản",
            "Danh sách người biểu diễn",
        ],
        5,
        "full",
        True,
        False,
        0.6,
        [
            (
                "Tổ chức biểu diễn nghệ thuật trên địa bàn tỉnh",
                "Approving art performances",
                {"w": 2, "result": "Văn bản chấp thuận tổ chức biểu diễn"},
            ),
            (
                "Cấp giấy phép nhập khẩu văn hóa phẩm không nhằm mục đích kinh doanh",
                None,
                {"days": 7},
            ),
            ("Đăng ký tổ chức lễ hội cấp tỉnh", None, {"days": 20}),
            ("Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao", None, {"days": 7}),
        ],
    ),
    Family(
        "SNV",
        "Tổ chức hội, quỹ; thi đua khen thưởng",
        "Associations, foundations and awards",
        HOI + THI_DUA,
        "Quyết định",
        "Không",
        [
            "Đơn đề nghị theo mẫu",
            "Dự thảo điều lệ",
            "Danh sách những người trong Ban vận động",
            "Báo cáo thành tích (đối với khen thưởng)",
        ],
        30,
        "partial",
        True,
        False,
        1.0,
        [
            ("Thành lập hội", "Establishing associations", {}),
            ("Phê duyệt điều lệ hội", "Approving association charters", {}),
            ("Cấp giấy phép thành lập và công nhận điều lệ quỹ", "Licensing foundations", {}),
            (
                "Tặng Bằng khen của Chủ tịch UBND tỉnh về thành tích thi đua theo đợt hoặc chuyên đề",
                "Awarding certificates of merit of the provincial chair",
                {"days": 20, "w": 3},
            ),
            ("Tặng danh hiệu Tập thể lao động xuất sắc", None, {"days": 20}),
            ("Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", None, {"days": 20}),
        ],
    ),
    Family(
        "SNV",
        "Tín ngưỡng, tôn giáo",
        "Beliefs and religions",
        TON_GIAO,
        "Văn bản chấp thuận",
        "Không",
        [
            "Văn bản đề nghị theo mẫu",
            "Tóm tắt quá trình hoạt động",
            "Danh sách người dự kiến tham gia",
        ],
        30,
        "none",
        True,
        False,
        0.4,
        [
            ("Đề nghị sinh hoạt tôn giáo tập trung", None, {}),
            ("Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc", None, {"days": 20}),
            ("Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo", None, {"days": 15}),
            (
                "Thông báo thuyên chuyển nơi hoạt động tôn giáo của chức sắc, chức việc",
                None,
                {"days": 20},
            ),
        ],
    ),
    Family(
        "STTTT",
        "Xuất bản, in và phát hành; thông tin điện tử",
        "Publishing, printing and online information",
        XUAT_BAN,
        "Giấy phép / Giấy xác nhận đăng ký",
        "Theo quy định của Bộ Tài chính",
        ["Đơn đề nghị theo mẫu", COMPANY, "Danh mục thiết bị, mẫu sản phẩm"],
        10,
        "full",
        True,
        False,
        1.0,
        [
            (
                "Cấp giấy phép xuất bản tài liệu không kinh doanh",
                "Licensing non-commercial publications",
                {},
            ),
            ("Cấp giấy phép hoạt động in", "Licensing printing businesses", {"days": 15}),
            (
                "Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
                "Registering book distributors",
                {},
            ),
            (
                "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
                "Licensing general news websites",
                {"days": 30},
            ),
            ("Cấp giấy phép xuất bản bản tin", None, {"days": 30}),
            (
                "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
                "công cộng",
                None,
                {"days": 7, "w": 2},
            ),
        ],
    ),
]

# Realistic qualifiers that turn one procedure into several when a larger catalogue is asked
# for (benchmarks); the base catalogue never uses them.
VARIANTS = [
    (" đối với tổ chức", " for organisations"),
    (" đối với cá nhân", " for individuals"),
    (" trong khu công nghiệp, khu kinh tế", " in industrial and economic zones"),
    (" (thực hiện liên thông)", " (joint procedure)"),
    (" trường hợp có thay đổi thông tin", " where details have changed"),
    (" đối với hộ gia đình, cá nhân ở khu vực biên giới", " in border areas"),
    (" theo cơ chế một cửa liên thông điện tử", " through the electronic single window"),
]


def _steps(level: str, online: str, postal: bool, days: int) -> str:
    where = {
        "province": "Trung tâm Phục vụ hành chính công tỉnh",
        "district": "Bộ phận Tiếp nhận và Trả kết quả UBND cấp huyện",
        "commune": "Bộ phận Một cửa UBND cấp xã",
    }[level]
    channels = ["trực tiếp tại " + where]
    if postal:
        channels.append("qua dịch vụ bưu chính công ích")
    if online != "none":
        channels.append(
            "trực tuyến trên Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin "
            "giải quyết thủ tục hành chính của tỉnh"
        )
    limit = (
        "ngay trong ngày làm việc"
        if days == 0
        else f"trong thời hạn {days} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    )
    return "\n".join(
        [
            "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ đầy đủ theo quy định.",
            "Bước 2: Nộp hồ sơ "
            + ", ".join(channels[:-1])
            + (" hoặc " if len(channels) > 1 else "")
            + channels[-1]
            + ".",
            "Bước 3: Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ "
            "chưa đầy đủ thì hướng dẫn bổ sung một lần bằng phiếu yêu cầu bổ sung, hoàn thiện hồ "
            "sơ; trường hợp đầy đủ thì cấp Giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả.",
            f"Bước 4: Cơ quan có thẩm quyền thẩm định, giải quyết hồ sơ {limit}.",
            "Bước 5: Nhận kết quả tại nơi nộp hồ sơ, qua dịch vụ bưu chính công ích hoặc trên Cổng "
            "Dịch vụ công theo đăng ký của người nộp.",
        ]
    )


def _documents(documents: list[str]) -> str:
    lines = [f"- {document}" for document in documents]
    lines.append("Số lượng hồ sơ: 01 bộ.")
    return "\n".join(lines)


def _codes(count: int) -> list[str]:
    """Unique national procedure codes like 1.009972 or 2.000635, the same every time."""
    rng = random.Random("demo-procedure-codes")
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        code = (
            f"1.{rng.randrange(1, 13_000):06d}"
            if rng.random() < 0.75
            else f"2.{rng.randrange(1, 3_000):06d}"
        )
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def procedures(count: int | None = None) -> list[DemoProcedure]:
    """The demo catalogue: every family's procedures, or ``count`` of them.

    Fewer than the base catalogue keeps the busiest ones of every agency; more adds realistic
    variants (for organisations, in industrial zones ...) so the names stay distinct.
    """
    base = _base_catalogue()
    if count is None:
        chosen = base
    elif count <= len(base):
        chosen = _busiest(base, count)
    else:
        chosen = _with_variants(base, count)
    codes = _codes(len(chosen))
    return [DemoProcedure(code=code, **row) for code, row in zip(codes, chosen, strict=True)]


def _base_catalogue() -> list[dict]:
    """Every family's procedures, at today's agency of the family's level."""
    first_of_level = {}
    for agency in agencies():
        first_of_level.setdefault(agency.level, agency.code)
    levels = {agency.code: agency.level for agency in agencies()}
    base: list[dict] = []
    for family in FAMILIES:
        if family.agency in ("district", "commune"):
            level, agency_code = family.agency, first_of_level[family.agency]
        else:
            agency_code = today_holder(family.agency)  # the catalogue is today's
            level = levels[agency_code]
        for position, item in enumerate(family.items):
            name_vi, name_en, overrides = (*item, {})[:3]
            name_en = name_en or ENGLISH_NAMES.get(name_vi)
            days = overrides.get("days", family.days)
            postal = overrides.get("postal", family.postal)
            weight = overrides.get("w", 1.0 / (1 + position) ** 0.7)
            base.append(
                {
                    "name_vi": name_vi,
                    "name_en": name_en,
                    "agency_code": agency_code,
                    "level": level,
                    "processing_days": days,
                    "field_vi": family.field_vi,
                    "field_en": family.field_en if name_en else None,
                    "online_level": overrides.get("online", family.online),
                    "postal": postal,
                    "four_on_site": family.four,
                    "fee_vi": overrides.get("fee", family.fee),
                    "documents_vi": _documents(family.documents),
                    "steps_vi": _steps(level, family.online, postal, days),
                    "legal_basis_vi": ";\n".join(overrides.get("basis", family.basis)) + ".",
                    "result_vi": overrides.get("result", family.result),
                    "volume": family.volume * weight,
                }
            )
    return base


def _busiest(base: list[dict], count: int) -> list[dict]:
    """``count`` procedures of the base catalogue, each agency's busiest first, in turn."""
    # Take each agency's busiest procedure in turn, so that every agency keeps some.
    queues: dict[str, list[int]] = {}
    for i in sorted(range(len(base)), key=lambda i: -base[i]["volume"]):
        queues.setdefault(base[i]["agency_code"], []).append(i)
    keep: list[int] = []
    while len(keep) < count:
        for queue in queues.values():
            if queue and len(keep) < count:
                keep.append(queue.pop(0))
    return [base[i] for i in sorted(keep)]


def _with_variants(base: list[dict], count: int) -> list[dict]:
    """The base catalogue and realistic variants of it, ``count`` in all, names distinct."""
    chosen = list(base)
    for round_number in range(len(VARIANTS) * 50):
        suffix_vi, suffix_en = VARIANTS[round_number % len(VARIANTS)]
        repeat = round_number // len(VARIANTS)
        for row in base:
            if len(chosen) >= count:
                break
            extra = f" (mẫu {repeat + 1})" if repeat else ""
            chosen.append(
                {
                    **row,
                    "name_vi": row["name_vi"] + suffix_vi + extra,
                    "name_en": (row["name_en"] + suffix_en)
                    if row["name_en"] and not repeat
                    else None,
                    "volume": row["volume"] * 0.05,
                }
            )
        if len(chosen) >= count:
            break
    return chosen
