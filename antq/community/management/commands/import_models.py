from antq.audit.imports import ImportCommand
from antq.community.importers import models_import


class Command(ImportCommand):
    help = (
        "Nhập mô hình tự phòng, tự quản, tự bảo vệ và các điểm áp dụng từ tệp XLSX/CSV "
        "(nhập tất cả hoặc không nhập dòng nào)."
    )
    importer = staticmethod(models_import)
    done = "Đã đăng ký {models} mô hình, thêm {created} điểm áp dụng; {unchanged} điểm đã có."
