"""Vietnamese (or, when asked, English) sentences for the request validation
errors of the API. pydantic writes them in English; its machine-readable `type`
and `ctx` stay in the answer beside our sentence, so programs keep what they
read and people read their language."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "missing": _("Thiếu trường bắt buộc."),
    "string_too_long": _("Dài quá %(max_length)s ký tự."),
    "string_too_short": _("Cần ít nhất %(min_length)s ký tự."),
    "too_long": _("Nhiều quá %(max_length)s phần tử."),
    "too_short": _("Cần ít nhất %(min_length)s phần tử."),
    "string_type": _("Phải là một chuỗi ký tự."),
    "string_pattern_mismatch": _("Không đúng định dạng."),
    "int_type": _("Phải là số nguyên."),
    "int_parsing": _("Phải là số nguyên."),
    "int_from_float": _("Phải là số nguyên."),
    "float_type": _("Phải là số."),
    "float_parsing": _("Phải là số."),
    "decimal_type": _("Phải là số."),
    "decimal_parsing": _("Phải là số."),
    "decimal_max_digits": _("Số có quá nhiều chữ số (tối đa %(max_digits)s chữ số)."),
    "decimal_max_places": _(
        "Số có quá nhiều chữ số thập phân (tối đa %(decimal_places)s chữ số sau dấu phẩy)."
    ),
    "decimal_whole_digits": _("Số quá lớn (tối đa %(whole_digits)s chữ số trước dấu phẩy)."),
    "finite_number": _("Phải là một số hữu hạn."),
    "bool_type": _("Phải là true hoặc false."),
    "bool_parsing": _("Phải là true hoặc false."),
    "date_type": _("Phải là ngày dạng YYYY-MM-DD."),
    "date_parsing": _("Phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Phải là ngày, không kèm giờ."),
    "datetime_type": _("Phải là thời điểm dạng ISO 8601."),
    "datetime_parsing": _("Phải là thời điểm dạng ISO 8601."),
    "greater_than": _("Phải lớn hơn %(gt)s."),
    "greater_than_equal": _("Phải từ %(ge)s trở lên."),
    "less_than": _("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": _("Phải không quá %(le)s."),
    "literal_error": _("Phải là một trong: %(expected)s."),
    "enum": _("Phải là một trong: %(expected)s."),
    "list_type": _("Phải là một danh sách."),
    "dict_type": _("Phải là một đối tượng JSON."),
    "model_type": _("Phải là một đối tượng JSON."),
    "model_attributes_type": _("Phải là một đối tượng JSON."),
    "json_invalid": _("Nội dung không phải JSON hợp lệ."),
    "json_type": _("Nội dung không phải JSON hợp lệ."),
    "extra_forbidden": _("Trường này không được nhận."),
    "uuid_parsing": _("Phải là một mã UUID."),
    "url_parsing": _("Phải là một địa chỉ URL."),
}
DEFAULT = _("Giá trị không hợp lệ.")


def validation_message(error: dict) -> str:
    """Our sentence for one pydantic error ({"type", "ctx", "msg", …}). A
    value error raised by our own readers (the number reader) already speaks
    Vietnamese: its sentence is kept."""
    if error.get("type") == "value_error":
        own = (error.get("ctx") or {}).get("error")
        if own is not None and str(own):
            return str(own)
    template = MESSAGES.get(error.get("type", ""))
    if template is None:
        return str(DEFAULT)
    context = {key: _plain(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return str(template) % context if "%(" in str(template) else str(template)
    except (KeyError, TypeError, ValueError):
        return str(DEFAULT)


def _plain(value) -> str:
    text = str(value)
    return text.replace("'", "") if isinstance(value, str) else text
