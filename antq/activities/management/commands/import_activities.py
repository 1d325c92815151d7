from antq.activities.importers import activities_import
from antq.audit.imports import ImportCommand


class Command(ImportCommand):
    help = "Nhập hoạt động của phong trào từ tệp XLSX/CSV (nhập tất cả hoặc không nhập dòng nào)."
    importer = staticmethod(activities_import)
    done = "Đã nhập {created} hoạt động; {unchanged} dòng đã có từ trước."
