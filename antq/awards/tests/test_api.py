"""`/api/v1/awards`: a round from nomination to the issued decision and its
DOCX, refusals explained, the counts conferences quote."""

import io

from docx import Document

from antq.awards.tests.test_rules import recognise


def test_from_nomination_to_the_issued_decision_through_the_api(
    client, personas, tree, auth, django_capture_on_commit_callbacks
):
    recognise(tree.commune_a, 2026)
    province, officer = auth(personas.province_approver), auth(personas.officer_a)
    round = client.post(
        "/api/v1/awards/rounds",
        {
            "unit": "22",
            "year": 2026,
            "kind": "year_end",
            "name": "Tổng kết năm 2026",
            "deadline": "2026-12-10",
        },
        content_type="application/json",
        **province,
    ).json()
    assert [r["id"] for r in client.get("/api/v1/awards/rounds", **officer).json()] == [
        round["id"]
    ]  # the commune sees the province's round, to nominate
    url = f"/api/v1/awards/rounds/{round['id']}/nominations"
    refused = client.post(
        url,
        {
            "award_type": "bang_khen_chu_tich_tinh",
            "recipient_kind": "collective",
            "unit": "06673",
            "achievement": "Tốt",
        },
        content_type="application/json",
        **province,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["msg"].startswith(
        "Phường Bãi Cháy chưa được công nhận đạt tiêu chuẩn"
    )
    made = client.post(
        url,
        {
            "award_type": "bang_khen_chu_tich_tinh",
            "recipient_kind": "collective",
            "unit": "06688",
            "achievement": "Ba năm liền đạt “An toàn về ANTT”",
        },
        content_type="application/json",
        **officer,
    )
    assert made.status_code == 201, made.json()
    reviewed = client.post(
        f"/api/v1/awards/nominations/{made.json()['id']}/accept",
        content_type="application/json",
        **province,
    )
    assert reviewed.json()["status"] == "accepted"
    decision = client.post(
        "/api/v1/awards/decisions",
        {
            "round": round["id"],
            "award_type": "bang_khen_chu_tich_tinh",
            "number": 245,
            "date": "2026-11-20",
            "signer_name": "Nguyễn Văn Chủ",
        },
        content_type="application/json",
        **province,
    ).json()
    with django_capture_on_commit_callbacks(execute=True):  # the files, after the commit
        issued = client.post(f"/api/v1/awards/decisions/{decision['id']}/issue", **province)
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    docx = client.get(f"/api/v1/awards/decisions/{decision['id']}/docx", **province)
    same = client.get(f"/api/v1/documents/{issued.json()['document']}/docx", **province)
    assert b"".join(same.streaming_content) == b"".join(
        client.get(f"/api/v1/awards/decisions/{decision['id']}/docx", **province).streaming_content
    )
    document = Document(io.BytesIO(b"".join(docx.streaming_content)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Phường Hạ Long" in text
    counts = client.get("/api/v1/awards/counts?unit=22&year=2026", **province).json()
    assert counts == [
        {
            "award_type": "bang_khen_chu_tich_tinh",
            "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "recipient_kind": "collective",
            "count": 1,
        },
    ]
    assert client.get("/api/v1/awards/decisions", **auth(personas.officer_b)).json() == []
