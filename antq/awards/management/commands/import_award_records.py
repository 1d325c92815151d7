from antq.audit.imports import ImportCommand
from antq.awards.importers import records_import


class Command(ImportCommand):
    help = (
        "Nhập quyết định khen thưởng đã ban hành (trước antq hoặc của cấp khác) cùng danh sách "
        "tập thể, cá nhân từ tệp XLSX/CSV (nhập tất cả hoặc không nhập dòng nào)."
    )
    importer = staticmethod(records_import)
    done = "Đã ghi nhận {created} quyết định, {recipients} tập thể, cá nhân được khen."
