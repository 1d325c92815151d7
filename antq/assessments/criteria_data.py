"""National base criteria (Thông tư 124/2021/TT-BCA as amended by 48/2025) and
score sheets (QĐ 510/QĐ-BCA-V05), as data.

Wording is a short restatement, not the legal text. Each entry carries the
confidence of the research it rests on (C confirmed, P partly, R recalled,
I inferred); wording tagged P/R/I stays editable until a set is used. The
score-sheet items other than the first four of the agency sheet are a
proposal (I) that totals 100 points, to be replaced by the province's sheet.
"""

from antq.assessments.models import Criterion, Target

BASIS = "Thông tư số 124/2021/TT-BCA, sửa đổi, bổ sung bởi Thông tư số 48/2025/TT-BCA"
YES, NUMBER, COMPUTED = Criterion.Kind.YES_NO, Criterion.Kind.NUMBER, Criterion.Kind.COMPUTED
SRC = Criterion.Source

CRITERIA: dict[str, dict] = {
    Target.RESIDENTIAL_AREA: {
        "title": "Tiêu chí khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        "article": "Điều 4",
        "items": [
            (
                "1a",
                "Trong quý I, chi bộ ra nghị quyết và khu dân cư đăng ký phấn đấu đạt tiêu chuẩn.",
                YES,
                {},
                "C",
            ),
            (
                "1b",
                "Tỷ lệ hộ gia đình đang cư trú đăng ký tham gia xây dựng khu dân cư an toàn (%).",
                NUMBER,
                {"comparator": "gte", "threshold": 100},
                "C",
            ),
            (
                "2",
                "Triển khai đầy đủ chủ trương, chính sách, pháp luật và quy định của địa "
                "phương về bảo đảm an ninh, trật tự.",
                YES,
                {},
                "C",
            ),
            (
                "3",
                "Không để xảy ra vụ việc nghiêm trọng về an ninh thuộc các trường hợp của "
                "khoản 3 Điều 4 (chỉ ghi có/không ở cấp khu dân cư, không ghi thông tin cá "
                "nhân).",
                YES,
                {},
                "P",
            ),
            (
                "4",
                "Tội phạm, tai nạn, tệ nạn xã hội và vi phạm pháp luật được kiềm chế, giảm "
                "so với năm trước; không để xảy ra vụ việc nghiêm trọng.",
                COMPUTED,
                {"source": SRC.CRIME_DECREASE},
                "R",
            ),
            (
                "5",
                "Lực lượng nòng cốt, Tổ bảo vệ an ninh, trật tự và tổ chức quần chúng hoạt "
                "động hiệu quả; có mô hình tự quản.",
                YES,
                {},
                "R",
            ),
        ],
    },
    Target.COMMUNE: {
        "title": "Tiêu chí xã, phường, đặc khu đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        "article": "Điều 5",
        "items": [
            (
                "1",
                "Trong quý I, Đảng ủy ra nghị quyết, UBND có kế hoạch và đăng ký phấn đấu; "
                "có ít nhất 01 mô hình phong trào hoạt động hiệu quả.",
                YES,
                {},
                "C",
            ),
            ("2", "Đạt các tiêu chí 2, 3 và 4 của khu dân cư trên toàn địa bàn.", YES, {}, "C"),
            (
                "3",
                "Công an xã chủ động nắm tình hình, tham mưu kịp thời; không có cán bộ bị "
                "xử lý kỷ luật.",
                YES,
                {},
                "C",
            ),
            (
                "4a",
                "Tỷ lệ khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục thuộc quyền quản "
                "lý đã đăng ký phấn đấu (%).",
                COMPUTED,
                {"source": SRC.REGISTERED_ALL, "comparator": "gte", "threshold": 100},
                "C",
            ),
            (
                "4b",
                "Tỷ lệ các đơn vị đó được công nhận đạt tiêu chuẩn (%).",
                COMPUTED,
                {"source": SRC.RECOGNIZED_SHARE, "comparator": "gte", "threshold": 70},
                "C",
            ),
        ],
    },
    Target.AGENCY_ENTERPRISE: {
        "title": "Tiêu chí cơ quan, doanh nghiệp đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        "article": "Điều 6",
        "items": [
            (
                "1",
                "Trong quý I có nghị quyết (nơi có tổ chức Đảng), kế hoạch bảo đảm an ninh, "
                "trật tự và đăng ký phấn đấu; có nội quy bảo vệ cơ quan, bí mật nhà nước, an "
                "toàn lao động, phòng cháy; 100% người lao động được phổ biến; có ít nhất 01 "
                "mô hình.",
                YES,
                {},
                "C",
            ),
            (
                "2",
                "Thực hiện đầy đủ chủ trương, pháp luật; có quy chế, kế hoạch phối hợp với "
                "Công an và chính quyền địa phương.",
                YES,
                {},
                "P",
            ),
            (
                "3",
                "Không để xảy ra vụ việc về an ninh (lộ bí mật, phá hoại, đình công trái "
                "pháp luật, tụ tập đông người).",
                YES,
                {},
                "R",
            ),
            (
                "4",
                "Không để xảy ra tội phạm, tệ nạn xã hội, cháy nổ, tai nạn lao động nghiêm trọng.",
                YES,
                {},
                "R",
            ),
            (
                "5",
                "Lực lượng bảo vệ hoàn thành tốt nhiệm vụ; không có cá nhân bị kỷ luật hoặc "
                "xử lý hình sự.",
                YES,
                {},
                "R",
            ),
        ],
    },
    Target.SCHOOL: {
        "title": "Tiêu chí cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự”",
        "article": "Điều 7",
        "items": [
            (
                "1",
                "Trong quý I có nghị quyết, kế hoạch và đăng ký phấn đấu; có ít nhất 01 mô "
                "hình phong trào hoạt động hiệu quả.",
                YES,
                {},
                "P",
            ),
            (
                "2",
                "Phối hợp với Ban đại diện cha mẹ học sinh trong quản lý học sinh.",
                YES,
                {},
                "C",
            ),
            (
                "3",
                "Không xảy ra mất an ninh, trật tự, kích động, lôi kéo hoặc tuyên truyền tín "
                "ngưỡng trái pháp luật.",
                YES,
                {},
                "C",
            ),
            ("4", "Không để xảy ra bạo lực học đường.", YES, {}, "C"),
            (
                "5",
                "Không có tội phạm, tệ nạn xã hội, ma túy trong cán bộ, học sinh; không cháy "
                "nổ, tai nạn nghiêm trọng.",
                YES,
                {},
                "R",
            ),
            ("6", "Cán bộ, nhân viên hoàn thành tốt nhiệm vụ được giao trong năm.", YES, {}, "C"),
        ],
    },
}

SCORE_SHEETS: dict[str, list[tuple[str, str, int, str]]] = {
    Target.AGENCY_ENTERPRISE: [
        ("1", "Nghị quyết, kế hoạch trong quý I; sơ kết, tổng kết; chế độ báo cáo", 3, "C"),
        ("2", "Tuyên truyền, vận động từ 90% trở lên cán bộ, người lao động tham gia", 3, "C"),
        ("3", "Hưởng ứng hoặc tổ chức Ngày hội toàn dân bảo vệ ANTQ", 5, "C"),
        ("4a", "Có quy chế hoặc kế hoạch phối hợp với chính quyền, Công an", 1, "C"),
        ("4b", "Thực hiện đầy đủ quy chế, kế hoạch phối hợp", 4, "I"),
        ("5", "Nội quy bảo vệ và lực lượng bảo vệ cơ quan, doanh nghiệp", 15, "I"),
        ("6", "Xây dựng, duy trì mô hình phong trào hiệu quả", 15, "I"),
        ("7", "Không để xảy ra vụ việc về an ninh", 20, "I"),
        ("8", "Không để xảy ra tội phạm, tệ nạn, cháy nổ, tai nạn lao động nghiêm trọng", 20, "I"),
        ("9", "Thi đua, khen thưởng; điển hình tiên tiến", 14, "I"),
    ],
    Target.RESIDENTIAL_AREA: [
        ("1", "Nghị quyết, kế hoạch, đăng ký phấn đấu trong quý I", 10, "I"),
        ("2", "Tuyên truyền, vận động nhân dân tham gia phong trào", 15, "I"),
        ("3", "Tổ chức, tham gia Ngày hội toàn dân bảo vệ ANTQ", 10, "I"),
        ("4", "Mô hình tự phòng, tự quản, tự bảo vệ hoạt động hiệu quả", 15, "I"),
        ("5", "Tổ bảo vệ an ninh, trật tự hoạt động hiệu quả", 15, "I"),
        ("6", "Tình hình an ninh, trật tự: không vụ việc nghiêm trọng, tội phạm giảm", 25, "I"),
        ("7", "Hòa giải ở cơ sở; cảm hóa, giáo dục người lầm lỗi", 10, "I"),
    ],
    Target.COMMUNE: [
        ("1", "Lãnh đạo, chỉ đạo, kế hoạch; sơ kết, tổng kết; báo cáo", 10, "I"),
        ("2", "Tuyên truyền, vận động quần chúng", 10, "I"),
        ("3", "Tổ chức Ngày hội toàn dân bảo vệ ANTQ", 10, "I"),
        ("4", "Xây dựng, nhân rộng mô hình, điển hình", 15, "I"),
        ("5", "Xây dựng lực lượng nòng cốt, Tổ bảo vệ an ninh, trật tự", 15, "I"),
        (
            "6",
            "Kết quả xây dựng khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục an toàn",
            15,
            "I",
        ),
        ("7", "Tình hình an ninh, trật tự trên địa bàn", 25, "I"),
    ],
    Target.SCHOOL: [
        ("1", "Nghị quyết, kế hoạch, đăng ký phấn đấu trong quý I", 10, "I"),
        ("2", "Tuyên truyền, giáo dục pháp luật cho cán bộ, học sinh", 15, "I"),
        ("3", "Phối hợp với cha mẹ học sinh, chính quyền, Công an", 15, "I"),
        ("4", "Mô hình phong trào trong nhà trường", 15, "I"),
        ("5", "Không để xảy ra bạo lực học đường", 20, "I"),
        ("6", "Không có tội phạm, tệ nạn xã hội, ma túy, cháy nổ", 25, "I"),
    ],
}
