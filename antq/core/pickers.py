"""A searchable picker for a choice among thousands (a unit among 3,356
communes and 100,000 residential areas), written once.

The widget renders a text box with the ARIA combobox pattern and a hidden
input that carries the chosen value; `static/antq/picker.js` (our own file,
no inline script) asks `search_url` for matches while the person types
(`?q=…&on=…`, JSON `{"items": [{"id", "label"}], "more": bool}`), and
moves through them with the arrow keys, Enter and Escape. `date_field` names
the form's date input whose value is sent as `on`, so only what existed that
day is offered. Without a `search_url` it is the plain `<select>` it extends.
"""

from collections.abc import Callable

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _


class SearchPicker(forms.Select):
    def __init__(self, attrs: dict | None = None, *, date_field: str = ""):
        super().__init__(attrs)
        self.search_url: str | Callable[[], str] = ""  # a callable is asked at render time
        self.date_field = date_field
        self.label_for: Callable[[str], str] = str
        self.day_text = ""  # the date the form was posted with (see value_from_datadict)

    def date_name(self, name: str) -> str:
        """The date input's name beside this one (a prefixed form prefixes both)."""
        if not self.date_field:
            return ""
        prefix = name.rsplit("-", 1)[0] + "-" if "-" in name else ""
        return prefix + self.date_field

    def value_from_datadict(self, data, files, name):
        if self.date_field:
            self.day_text = data.get(self.date_name(name), "") or ""
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        url = self.search_url() if callable(self.search_url) else self.search_url
        if not url:
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        ident = attrs.get("id") or f"id_{name}"
        value = "" if value is None else str(value)
        label = self.label_for(value) if value else ""
        required = ' aria-required="true"' if self.is_required else ""
        return format_html(
            '<div class="picker" data-picker data-url="{url}" data-date-field="{date}"'
            ' data-none="{none}" data-some="{some}" data-more="{more}">'
            '<input type="hidden" name="{name}" value="{value}" id="{ident}_value">'
            '<input type="text" id="{ident}" class="picker-input" role="combobox"'
            ' aria-autocomplete="list" aria-expanded="false" aria-controls="{ident}_list"'
            ' aria-describedby="{ident}_status" autocomplete="off" spellcheck="false"'
            ' value="{label}" placeholder="{placeholder}"' + required + ">"
            '<ul id="{ident}_list" class="picker-list" role="listbox" hidden></ul>'
            '<p id="{ident}_status" class="picker-status" aria-live="polite"></p>'
            "</div>",
            url=url,
            date=self.date_name(name),
            none=_("Không tìm thấy đơn vị phù hợp."),
            some=_("kết quả, dùng phím mũi tên để chọn"),
            more=_("Còn nữa: gõ thêm để thu hẹp."),
            name=name,
            value=value,
            ident=ident,
            label=label,
            placeholder=_("Gõ tên hoặc mã để tìm…"),
        )

    def use_required_attribute(self, initial):
        return False  # the hidden input carries the value; the server checks it
