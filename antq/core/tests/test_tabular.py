import io

import pytest
from python_calamine import CalamineWorkbook

from antq.core.tabular import Column, TabularError, cell_text, read_records, write_workbook

COLUMNS = [Column("code", "Mã"), Column("name", "Tên", required=True), Column("n", "Số hộ")]


def test_a_written_workbook_reads_back_with_vietnamese_headers_below_a_title():
    data = write_workbook(
        [("Sheet", COLUMNS, [["001", "Thôn Đồng Tâm", 320]])], title="Danh sách", notes=["Ghi chú"]
    )
    records = read_records(io.BytesIO(data), "x.xlsx", COLUMNS)
    assert [(r.row, r.values) for r in records] == [
        (5, {"code": "001", "name": "Thôn Đồng Tâm", "n": "320"})
    ]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "Danh sách"


def test_csv_with_semicolons_and_bom_is_read():
    data = "\ufeffMã;Tên;Số hộ\n002;Khu phố Hòa Bình;1.480\n".encode()
    records = read_records(io.BytesIO(data), "x.csv", COLUMNS)
    assert records[0].values == {"code": "002", "name": "Khu phố Hòa Bình", "n": "1.480"}
    assert records[0].letters["name"] == "B"


def test_missing_required_column_is_reported_in_vietnamese():
    data = "Mã;Số hộ\n1;2\n".encode()
    with pytest.raises(TabularError) as caught:
        read_records(io.BytesIO(data), "x.csv", COLUMNS)
    assert [str(e) for e in caught.value.errors] == ["Dòng 1, cột Tên: Thiếu cột bắt buộc."]


def test_other_file_types_and_broken_workbooks_are_refused_with_a_message():
    with pytest.raises(TabularError, match="Chỉ nhận tệp"):
        read_records(io.BytesIO(b"abc"), "x.pdf", COLUMNS)
    with pytest.raises(TabularError, match="Không đọc được tệp Excel"):
        read_records(io.BytesIO(b"not a zip"), "x.xlsx", COLUMNS)
    with pytest.raises(TabularError, match="UTF-8"):
        read_records(io.BytesIO(b"T\xean\nH\xf2a\n"), "x.csv", COLUMNS)


def test_empty_data_is_an_error_not_a_silent_success():
    with pytest.raises(TabularError, match="không có dòng dữ liệu"):
        read_records(io.BytesIO("Tên\n\n".encode()), "x.csv", COLUMNS)


def test_codes_typed_as_numbers_lose_their_trailing_zero_point():
    assert cell_text(6688.0) == "6688"
    assert cell_text(2.5) == "2,5"  # the Vietnamese way, read back by the one reader
    assert cell_text(1.125) == "1,125" and cell_text(1e-7) == "0,0000001"
    assert cell_text(None) == ""
