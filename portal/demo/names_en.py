"""English names of the demo procedures whose family gives none, by their Vietnamese name."""

ENGLISH_NAMES = {
    "Trợ giúp xã hội đột xuất về hỗ trợ làm nhà ở, sửa chữa nhà ở": (
        "Emergency social assistance to build or repair a home"
    ),
    "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội": (
        "Funeral cost support for social protection beneficiaries"
    ),
    "Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình": (  # noqa: E501
        "Certifying average-income farming, forestry, fishing and salt-making households"
    ),
    "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm": (
        "Recognising poor and near-poor households arising during the year"
    ),
    "Hòa giải tranh chấp đất đai": "Mediating land disputes",
    "Xác nhận nguồn gốc, thời điểm sử dụng đất": "Certifying the origin and start of land use",
    "Đăng ký đất đai lần đầu đối với trường hợp được Nhà nước giao đất để quản lý": (
        "First land registration for land allocated by the State for management"
    ),
    "Tặng Giấy khen của Chủ tịch UBND cấp xã về thành tích thi đua theo đợt hoặc chuyên đề": (
        "Certificate of merit from the commune chairperson for a campaign or theme"
    ),
    "Tặng danh hiệu Lao động tiên tiến": "Awarding the title of Advanced Worker",
    "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai, dịch bệnh": (
        "Support to restore production after natural disasters or epidemics"
    ),
    "Hỗ trợ đầu tư xây dựng phát triển thủy lợi nhỏ, thủy lợi nội đồng và tưới tiên tiến, tiết kiệm nước": (  # noqa: E501
        "Investment support for small and on-farm irrigation and water-saving watering"
    ),
    "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài": (  # noqa: E501
        "Recording in the civil register a Vietnamese citizen's marriage registered abroad"
    ),
    "Ghi vào Sổ hộ tịch việc ly hôn, hủy việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài": (  # noqa: E501
        "Recording in the civil register a Vietnamese citizen's divorce or annulment abroad"
    ),
    "Ghi vào Sổ hộ tịch việc hộ tịch khác của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài": (  # noqa: E501
        "Recording in the civil register other civil status events of a citizen abroad"
    ),
    "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật": (
        "Certifying the signature of a translator who is not a registered collaborator"
    ),
    "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch liên quan đến tài sản là động sản": (  # noqa: E501
        "Certifying amendments to or cancellation of contracts on movable property"
    ),
    "Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế": (
        "Extending land use outside high-tech parks and economic zones"
    ),
    "Thu hồi Giấy chứng nhận đã cấp không đúng quy định của pháp luật đất đai": (
        "Revoking land use certificates issued against the land law"
    ),
    "Giải quyết tranh chấp đất đai thuộc thẩm quyền của Chủ tịch UBND cấp huyện": (
        "Settling land disputes under the district chairperson's authority"
    ),
    "Thẩm định Báo cáo kinh tế – kỹ thuật đầu tư xây dựng": (
        "Appraising economic-technical reports for construction investment"
    ),
    "Đăng ký thay đổi tên, địa chỉ trụ sở chính, ngành, nghề sản xuất, kinh doanh, vốn điều lệ, người đại diện theo pháp luật của hợp tác xã": (  # noqa: E501
        "Registering changes to a cooperative's name, address, business lines, capital or "
        "legal representative"
    ),
    "Giải thể tự nguyện hợp tác xã": "Voluntary dissolution of a cooperative",
    "Cho phép trường mầm non hoạt động giáo dục": "Licensing a preschool to operate",
    "Cho phép trường tiểu học hoạt động giáo dục": "Licensing a primary school to operate",
    "Cho phép trường trung học cơ sở hoạt động giáo dục": (
        "Licensing a lower secondary school to operate"
    ),
    "Thành lập nhóm trẻ, lớp mẫu giáo độc lập tư thục": (
        "Establishing a private independent day-care group or kindergarten class"
    ),
    "Xét, duyệt chính sách hỗ trợ đối với học sinh bán trú": (
        "Approving support for semi-boarding pupils"
    ),
    "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ": "Allowance for worshipping fallen soldiers",
    "Cấp giấy giới thiệu thăm viếng mộ liệt sĩ và hỗ trợ thăm viếng mộ liệt sĩ": (
        "Letter of introduction and support for visiting fallen soldiers' graves"
    ),
    "Giải quyết chế độ mai táng phí đối với cựu chiến binh": "Funeral allowance for veterans",
    "Hỗ trợ người có công đi làm phương tiện, dụng cụ trợ giúp chỉnh hình": (
        "Support for people with meritorious services to obtain orthopaedic aids"
    ),
    "Cấp Giấy phép điều chỉnh Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke": (
        "Amending a karaoke business licence"
    ),
    "Thông báo tổ chức lễ hội cấp huyện": "Notifying a district-level festival",
    "Hoàn trả tiền đã đóng trùng, đóng thừa bảo hiểm xã hội, bảo hiểm y tế": (
        "Refunding duplicate or excess social and health insurance contributions"
    ),
    "Cấp Giấy chứng nhận đủ điều kiện trạm nạp LPG vào phương tiện vận tải": (
        "Certificate of eligibility for an LPG filling station for vehicles"
    ),
    "Cấp lại Giấy chứng nhận đủ điều kiện trạm nạp LPG vào phương tiện vận tải": (
        "Reissuing the certificate of eligibility for an LPG filling station for vehicles"
    ),
    "Cấp sửa đổi, bổ sung Giấy chứng nhận đủ điều kiện trạm nạp LPG vào phương tiện vận tải": (
        "Amending the certificate of eligibility for an LPG filling station for vehicles"
    ),
    "Cấp Giấy xác nhận kiến thức về an toàn thực phẩm cho tổ chức và cá nhân": (
        "Certifying food safety knowledge of organisations and individuals"
    ),
    "Đăng ký thay đổi, bổ sung nội dung tổ chức hội chợ, triển lãm thương mại": (
        "Registering changes to a trade fair or exhibition"
    ),
    "Cấp giấy phép hoạt động phát điện đối với nhà máy điện có quy mô dưới 3 MW": (
        "Electricity generation licence for power plants under 3 MW"
    ),
    "Cấp giấy phép hoạt động tư vấn chuyên ngành điện lực": (
        "Licence for specialised electricity consulting"
    ),
    "Cấp giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp": (
        "Certificate of training in industrial explosives safety"
    ),
    "Cấp Giấy phép lập cơ sở bán lẻ cho tổ chức kinh tế có vốn đầu tư nước ngoài": (
        "Licence for a foreign-invested company to open a retail outlet"
    ),
    "Cấp mới giấy phép đào tạo lái xe ô tô": "New car driver training licence",
    "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô": (
        "Registering a fixed-route passenger bus service"
    ),
    "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ": (  # noqa: E501
        "Approving essential works within road infrastructure protection zones"
    ),
    "Cấp Giấy chứng nhận đăng ký, biển số xe máy chuyên dùng tạm thời": (
        "Temporary registration and number plates for special-use machines"
    ),
    "Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng": (
        "Changing the registration of a notary office"
    ),
    "Đăng ký hành nghề luật sư với tư cách cá nhân": "Registering to practise law as an individual",
    "Đăng ký hoạt động Văn phòng Thừa phát lại": "Registering a bailiff office",
    "Cấp Giấy đăng ký hoạt động của Trung tâm trọng tài": "Registering an arbitration centre",
    "Đăng ký hành nghề quản lý, thanh lý tài sản với tư cách cá nhân": (
        "Registering to practise asset management and liquidation as an individual"
    ),
    "Giải quyết việc người nước ngoài thường trú ở Việt Nam nhận trẻ em Việt Nam làm con nuôi": (
        "Adoption of a Vietnamese child by a foreigner residing in Viet Nam"
    ),
    "Cấp Giấy xác nhận là người gốc Việt Nam ở trong nước": (
        "Certifying Vietnamese origin (applied for in Viet Nam)"
    ),
    "Cấp giấy phép hoạt động dịch vụ việc làm của doanh nghiệp": (
        "Licence for a company's employment services"
    ),
    "Đăng ký nội quy lao động của doanh nghiệp": "Registering a company's labour regulations",
    "Gửi thang lương, bảng lương, định mức lao động của doanh nghiệp": (
        "Filing a company's pay scales, payrolls and labour norms"
    ),
    "Giải quyết chế độ trợ cấp một lần đối với người được cử làm chuyên gia sang giúp Lào, Căm-pu-chia": (  # noqa: E501
        "One-off allowance for experts sent to assist Laos and Cambodia"
    ),
    "Công nhận và giải quyết chế độ ưu đãi người hoạt động kháng chiến bị nhiễm chất độc hóa học": (  # noqa: E501
        "Recognition and benefits for resistance fighters exposed to toxic chemicals"
    ),
    "Giải quyết chế độ người có công giúp đỡ cách mạng": (
        "Benefits for people who assisted the revolution"
    ),
    "Di chuyển hồ sơ khi người hưởng trợ cấp ưu đãi thay đổi nơi thường trú": (
        "Transferring the file of a preferential allowance recipient who moves"
    ),
    "Đính chính thông tin trên bia mộ liệt sĩ": "Correcting the inscription on a martyr's grave",
    "Cấp giấy thông hành biên giới Việt Nam – Lào cho công dân Việt Nam": (
        "Viet Nam – Laos border pass for Vietnamese citizens"
    ),
    "Cấp giấy phép sử dụng công cụ hỗ trợ": "Licence to use support weapons and tools",
    "Gia hạn thời hạn hoạt động của dự án đầu tư": "Extending the term of an investment project",
    "Chấm dứt hoạt động dự án đầu tư": "Terminating an investment project",
    "Thành lập tổ chức kinh tế của nhà đầu tư nước ngoài": (
        "Establishing a business organisation of a foreign investor"
    ),
    "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất đối với tổ chức": (  # noqa: E501
        "Registering changes in land use rights and attached property of organisations"
    ),
    "Thu hồi đất do chấm dứt việc sử dụng đất theo pháp luật, tự nguyện trả lại đất": (
        "Recovering land whose use has ended by law or is voluntarily returned"
    ),
    "Trả lại giấy phép khai thác khoáng sản": "Returning a mining licence",
    "Phê duyệt đề án đóng cửa mỏ khoáng sản": "Approving a mine closure plan",
    "Gia hạn giấy phép hành nghề khám bệnh, chữa bệnh": "Renewing a medical practice licence",
    "Cấp giấy phép hoạt động đối với cơ sở dịch vụ thẩm mỹ": (
        "Operating licence for a cosmetic services establishment"
    ),
    "Tiếp nhận phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước": (
        "Receiving the notification of a domestically made cosmetic product"
    ),
    "Cấp giấy tiếp nhận hồ sơ quảng cáo mỹ phẩm": ("Acknowledging a cosmetics advertising dossier"),
    "Đăng ký bản công bố sản phẩm thực phẩm dinh dưỡng y học": (
        "Registering the declaration of a medical nutrition food"
    ),
    "Cấp giấy xác nhận nội dung quảng cáo thực phẩm": "Certifying food advertising content",
    "Cho thuê nhà ở công vụ thuộc thẩm quyền quản lý của UBND cấp tỉnh": (
        "Renting official housing managed by the provincial People's Committee"
    ),
    "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật": (
        "Certificate of an animal-disease-free establishment"
    ),
    "Cấp lại giấy phép khai thác thủy sản": "Reissuing a fishing licence",
    "Cấp giấy chứng nhận an toàn kỹ thuật tàu cá": "Safety certificate for fishing vessels",
    "Phê duyệt phương án khai thác thực vật rừng thông thường": (
        "Approving a plan to harvest common forest plants"
    ),
    "Xác nhận bảng kê lâm sản": "Certifying a forest products list",
    "Công nhận văn bằng tốt nghiệp các cấp học phổ thông do cơ sở nước ngoài cấp": (
        "Recognising school diplomas issued by foreign institutions"
    ),
    "Cấp phép hoạt động giáo dục kỹ năng sống và hoạt động giáo dục ngoài giờ chính khóa": (
        "Licensing life-skills and extracurricular education"
    ),
    "Cho phép thành lập trường trung học phổ thông tư thục": (
        "Permission to establish a private upper secondary school"
    ),
    "Đăng ký dạy thêm, học thêm ngoài nhà trường": "Registering private tutoring outside school",
    "Cấp đổi Giấy phép kinh doanh dịch vụ lữ hành nội địa": (
        "Replacing a domestic travel business licence"
    ),
    "Cấp giấy phép nhập khẩu văn hóa phẩm không nhằm mục đích kinh doanh": (
        "Licence to import cultural products for non-commercial purposes"
    ),
    "Đăng ký tổ chức lễ hội cấp tỉnh": "Registering a provincial festival",
    "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao": (
        "Certificate of eligibility to run a sports business"
    ),
    "Tặng danh hiệu Tập thể lao động xuất sắc": "Awarding the title of Excellent Labour Collective",
    "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh": "Awarding the Provincial Emulation Fighter title",
    "Đề nghị sinh hoạt tôn giáo tập trung": "Request for collective religious activities",
    "Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc": (
        "Registering people appointed or elected as religious officials"
    ),
    "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo": (
        "Request to hold a ceremony outside a religious establishment"
    ),
    "Thông báo thuyên chuyển nơi hoạt động tôn giáo của chức sắc, chức việc": (
        "Notifying the transfer of religious dignitaries or officials"
    ),
    "Cấp giấy phép xuất bản bản tin": "Licence to publish a newsletter",
    "Cấp giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng": (  # noqa: E501
        "Certificate of eligibility for a public video game outlet"
    ),
}
