"""`antq check_data [--repair]`: numbers stored outside their column's range.

SQLite stores whatever it is given, so a number too large for a DecimalField
(written before every API schema and form checked digits) sits in the table
and breaks every page and API answer that reads its row. This command finds
them with plain SQL (reading them through Django is what breaks), lists each
one, and with `--repair` empties the nullable ones (audited, one entry each, in
one transaction); a value in a required column is left for a person to correct
(the list says which). PostgreSQL refuses such values itself, so there the
check finds nothing."""

from decimal import Decimal

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.core.actors import SystemActor

CHECKER = SystemActor("check_data")


def out_of_range() -> list[tuple[type[models.Model], models.DecimalField, object, str]]:
    """(model, field, primary key, stored value as text) of every decimal
    stored beyond its column's digits."""
    found = []
    quote = connection.ops.quote_name
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DecimalField):
                continue
            limit = 10 ** (field.max_digits - field.decimal_places)
            sql = (
                f"SELECT {quote(model._meta.pk.column)}, {quote(field.column)} "  # noqa: S608 (names from the models)
                f"FROM {quote(model._meta.db_table)} WHERE ABS({quote(field.column)}) >= %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [limit])
                found += [(model, field, pk, _text(value)) for pk, value in cursor.fetchall()]
    return found


def _text(value) -> str:
    return format(value, "g") if isinstance(value, float) else str(Decimal(str(value)))


class Command(BaseCommand):
    help = "Tìm (và với --repair, xóa) các số lưu vượt giới hạn của cột."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="để trống các giá trị vượt giới hạn ở cột cho phép trống (ghi nhật ký)",
        )

    def handle(self, *args, repair: bool = False, **options):
        found = out_of_range()
        left = 0
        with transaction.atomic():
            for model, field, pk, value in found:
                whole = field.max_digits - field.decimal_places
                where = f"{model._meta.label_lower} #{pk} {field.name} = {value}"
                if repair and field.null:
                    model._base_manager.filter(pk=pk).update(**{field.name: None})
                    audit_record(
                        actor=CHECKER,
                        action=AuditEntry.Action.UPDATE,
                        object_type=model._meta.label_lower,
                        object_id=str(pk),
                        object_repr=f"{model._meta.verbose_name} #{pk}",
                        before={field.name: value},
                        after={field.name: None},
                        note=f"antq check_data --repair: vượt {whole} chữ số",
                    )
                    self.stdout.write(f"{where}: vượt {whole} chữ số, đã để trống")
                else:
                    left += 1
                    hint = "" if field.null else " (cột bắt buộc: cần người sửa)"
                    self.stdout.write(f"{where}: vượt {whole} chữ số{hint}")
        self.stdout.write(
            f"{len(found)} giá trị ngoài giới hạn cột; {left} chưa sửa."
            if found
            else "0 giá trị ngoài giới hạn cột."
        )
