"""A corpus of hostile input: what a careless client, a scanner or an attacker sends to a public URL.

Two kinds of value. TEXT values are Python strings; a test percent-encodes them (UTF-8) so they reach
Django intact. RAW values are written exactly as they appear in a query string or a path, escapes and
all, so broken UTF-8 and stray percent signs reach Django undecoded, as they would from a real client.
"""

from urllib.parse import quote

LONG = "a" * 20_000

TEXT = {
    # Empty, blank and control characters.
    "empty": "",
    "space": " ",
    "spaces": " " * 50,
    "tab-newline": "\t\n\r",
    "nul": "\x00",
    "nul-inside": "trade\x00treaty",
    "control-chars": "".join(chr(c) for c in range(1, 32)),
    "delete-char": "\x7f",
    "bell-backspace": "\x07\x08",
    # Numbers at and beyond every integer width.
    "zero": "0",
    "minus-one": "-1",
    "minus-zero": "-0",
    "huge-positive": "9999999999",
    "int32-overflow": "2147483648",
    "int64-overflow": "9223372036854775808",
    "digits-25": "1234567890123456789012345",
    "negative-digits-25": "-1234567890123456789012345",
    "float": "1.5",
    "exponent": "1e308",
    "exponent-overflow": "1e99999",
    "nan": "NaN",
    "infinity": "Infinity",
    "negative-infinity": "-inf",
    "hex": "0x1F",
    "leading-plus": "+1",
    "fullwidth-digits": "１２３",
    "arabic-indic-digits": "١٢٣",
    "underscore-number": "1_000",
    # Dates that are not dates, or are at the edges of what a date can be.
    "date-month-13": "2025-13-01",
    "date-feb-30": "2025-02-30",
    "date-day-0": "2025-01-00",
    "date-year-0": "0000-01-01",
    "date-year-10000": "10000-01-01",
    "date-year-99999": "99999",
    "date-negative-year": "-0001-01-01",
    "date-slashes": "22/08/2025",
    "date-iso-time": "2025-08-22T25:61:61Z",
    "date-words": "yesterday",
    "date-month-only": "2025-00",
    "date-trailing": "2025-08-22x",
    "date-min": "0001-01-01",
    "date-max": "9999-12-31",
    # Long values.
    "long-20000": LONG,
    "long-unicode": "Ж" * 5_000,
    "long-words": "agreement " * 2_000,
    # SQL injection.
    "sql-quote": "'",
    "sql-double-quote": '"',
    "sql-or": "' OR '1'='1",
    "sql-comment": "1; --",
    "sql-union": "' UNION SELECT username, password FROM auth_user --",
    "sql-drop": "'; DROP TABLE registry_document; --",
    "sql-sleep": "1' AND pg_sleep(5) --",
    "sql-backslash": "\\",
    "sql-like-wildcards": "%_%",
    "sql-percent": "%",
    "orm-lookup": "title__icontains",
    "orm-traversal": "summit__series__name",
    # Template, format-string and expression injection.
    "django-template": "{{ settings.SECRET_KEY }}",
    "django-tag": "{% debug %}",
    "jinja": "{{7*7}}",
    "format-string": "%s%s%s%n",
    "python-format": "{0.__class__}",
    "ssi": '<!--#exec cmd="ls" -->',
    "ldap": "*)(uid=*))(|(uid=*",
    # Cross-site scripting.
    "xss-script": "<script>alert(1)</script>",
    "xss-img": '"><img src=x onerror=alert(1)>',
    "xss-svg": "<svg/onload=alert(1)>",
    "xss-javascript-url": "javascript:alert(1)",
    "xss-attribute": "' onmouseover='alert(1)",
    "xss-style": "</style><script>alert(1)</script>",
    "xss-json": '</script><script>alert(1)</script>{"a":1}',
    "csv-formula": '=HYPERLINK("http://evil.example","x")',
    "csv-plus": "+cmd|' /C calc'!A0",
    # Paths and URLs.
    "path-traversal": "../../../../etc/passwd",
    "path-windows": "..\\..\\windows\\win.ini",
    "url": "http://evil.example/",
    "protocol-relative": "//evil.example",
    "header-injection": "x\r\nSet-Cookie: evil=1",
    # Unicode that breaks naive code.
    "rtl-override": "\u202eevil\u202c",
    "bidi-isolates": "\u2066\u2067\u2068\u2069",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "emoji": "🤝📜🇰🇿🇰🇬",
    "emoji-zwj": "👩‍👩‍👧‍👦",
    "combining": "a" + "\u0301" * 200,
    "cyrillic": "Жапаров",
    "turkish-dotless": "İıŞşĞğ",
    "astral-plane": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "replacement-char": "\ufffd",
    "non-character": "\uffff",
    "private-use": "\ue000",
    "line-separator": "\u2028\u2029",
    # Slug-shaped values that match no record.
    "slug-missing": "no-such-record",
    "slug-dashes": "---",
    "slug-underscore": "__",
    "slug-digits": "00000000000000000000000000",
    "json": '{"$gt": ""}',
    "array-like": "[]",
    "null-word": "null",
    "none-word": "None",
    "true-word": "true",
}

RAW = {
    # Percent-escapes that do not decode to UTF-8.
    "raw-ff": "%FF",
    "raw-fffe": "%FF%FE",
    "raw-overlong-slash": "%C0%AF",
    "raw-overlong-nul": "%C0%80",
    "raw-surrogate": "%ED%A0%80",
    "raw-truncated-sequence": "%E2%82",
    "raw-lone-continuation": "%80%80",
    "raw-5-byte": "%F8%88%80%80%80",
    "raw-latin1": "Bi%FEkek",
    "raw-nul": "%00",
    # Broken escapes.
    "raw-lone-percent": "%",
    "raw-double-percent": "%%",
    "raw-bad-hex": "%zz",
    "raw-half-escape": "%4",
    "raw-ms-unicode": "%u0041",
    "raw-double-encoded": "%252e%252e%252f",
    # Query-string structure.
    "raw-plus-signs": "+++",
    "raw-ampersands": "&&&",
    "raw-equals": "a=b=c",
    "raw-semicolon": "a;b",
    "raw-hash": "%23fragment",
}

# Whole query strings that attack the parser rather than one parameter.
QUERY_STRINGS = {
    "many-fields": "&".join(f"f{n}=1" for n in range(1_500)),
    "many-repeats": "&".join("page=1" for _ in range(1_500)),
    "only-separators": "&&&&=&=&",
    "no-value": "page&sort&q",
    "bracket-names": "filter[kind]=treaty&filter[]=x",
    "long-key": "k" * 20_000 + "=1",
}

# Request headers that carry input too.
HEADERS = {
    "accept-garbage": {"HTTP_ACCEPT": "\x00/\x00;q=abc"},
    "accept-json": {"HTTP_ACCEPT": "application/json"},
    "accept-everything-weird": {"HTTP_ACCEPT": "*/*;q=1e99999, text/html;q=-1"},
    "language-garbage": {"HTTP_ACCEPT_LANGUAGE": "x" * 5_000},
    "language-weights": {"HTTP_ACCEPT_LANGUAGE": "ru;q=NaN, kk;q=-1, *;q=1e9"},
    "if-none-match": {"HTTP_IF_NONE_MATCH": '"' + "x" * 5_000},
    "if-modified-since": {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
    "range": {"HTTP_RANGE": "bytes=999999999999-1"},
    "cookie": {"HTTP_COOKIE": "sessionid=" + "x" * 4_000 + "; csrftoken=%FF; django_language=../../x"},
    "forwarded": {"HTTP_X_FORWARDED_FOR": "' OR 1=1 --", "HTTP_X_FORWARDED_PROTO": "javascript"},
}


def encoded(name: str) -> str:
    """The value named `name` as it appears in a query string or path: text percent-encoded, raw as is."""
    if name in RAW:
        return RAW[name]
    return quote(TEXT[name], safe="")


NAMES = [*TEXT, *RAW]
