from antq.audit.imports import ImportCommand
from antq.forces.importers import members_import


class Command(ImportCommand):
    help = (
        "Nhập thành viên Tổ bảo vệ an ninh, trật tự từ tệp XLSX/CSV (nhập tất cả hoặc "
        "không nhập dòng nào)."
    )
    importer = staticmethod(members_import)
    done = "Đã công nhận {created} thành viên; {unchanged} người đã có từ trước."
