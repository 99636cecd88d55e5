"""URL path converters shared by the apps (registered on import: each urls module that uses one
imports this module first)."""

from django.urls import register_converter


class Bulan:
    """A report month "YYYY-MM" (01–12), passed to the view as the same text.

    `<str:bulan>` took any segment, a trailing newline or a NUL byte included (issue 13): a month
    that is not exactly four digits, a dash and a month number is a 404 at the resolver.
    """

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(Bulan, "bulan")
