"""Write antq's shipped DOCX templates (antq/documents/shipped/<type>.docx)
from the Decree 30 layout of antq.core.documents."""

from django.core.management.base import BaseCommand

from antq.documents.models import CERTIFICATE_TYPES, DocumentType
from antq.documents.rendering import shipped_path
from antq.documents.shipped import certificate_template, text_template


class Command(BaseCommand):
    help = "Tạo lại các mẫu DOCX antq cung cấp sẵn cho từng loại văn bản."

    def handle(self, *args, **options):
        for doc_type in DocumentType.values:
            builder = certificate_template if doc_type in CERTIFICATE_TYPES else text_template
            path = shipped_path(doc_type)
            builder().save(path)
            self.stdout.write(str(path))
