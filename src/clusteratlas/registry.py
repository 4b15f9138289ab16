"""Registry tables: the pure, database-free half of ``clusteratlas import-table``.

Cluster participant lists, park resident lists and SME registers arrive as CSV
or XLSX with a column per attribute and Russian tax identifiers (INN, OGRN).
This module reads such a table through a ``field=Column`` mapping and checks
every row, so that the command can refuse the whole file when any row is bad:
a half-loaded registry is worse than none, because nobody can tell which rows
are missing. Nothing here touches the database.

Typical use::

    mapping = parse_mapping("name=Company,inn=INN,region=Region")
    good, errors = validate_rows(path, read_table(path, mapping))
    if errors:
        print("\\n".join(errors))  # load nothing
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

__all__ = [
    "KNOWN_FIELDS",
    "RegistryError",
    "RegistryRow",
    "parse_mapping",
    "read_table",
    "split_list",
    "validate_hs",
    "validate_inn",
    "validate_okpd2",
    "validate_ogrn",
    "validate_rows",
]

# Fields a table column can be mapped to, in the order help text lists them.
# ``name`` is required: a row without a name cannot become an entity.
KNOWN_FIELDS = (
    "name",
    "inn",
    "ogrn",
    "region",
    "website",
    "products",
    "okpd2",
    "hs",
    "address",
    "role",
    "cluster",
)

SUPPORTED_EXTENSIONS = (".csv", ".xlsx")

# Fields whose cell lists several items; each item becomes a statement of its own.
LIST_FIELDS = ("products", "okpd2", "hs")
# field → the property its items are stated as
_ITEM_PROPERTIES = {"products": "produces", "okpd2": "okpd2", "hs": "hs"}

# Weights from the FNS check-digit algorithm (Order of the Ministry of Taxes No. BG-3-09/178).
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

# Longest value quoted back in an error line; registry cells can hold paragraphs.
_MAX_QUOTED = 80

# A website cell: a bare domain or an http(s) URL. \w is Unicode, so
# Cyrillic domains (завод.рф) pass; the TLD must be letters or punycode.
_WEBSITE = re.compile(
    r"""^(?:https?://)?
        (?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+      # labels, each followed by a dot
        (?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})   # TLD
        (?::\d{1,5})?                            # port
        (?:[/?#]\S*)?$                           # path, query, fragment
    """,
    re.VERBOSE | re.IGNORECASE,
)


class RegistryError(Exception):
    """A table that cannot be imported at all; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot import {self.path}: {reason}")


@dataclass(frozen=True)
class RegistryRow:
    """One data row of a registry table.

    ``line`` is the 1-based line (CSV) or row number (XLSX) where the row starts,
    counted the way a person sees the file in an editor or in Excel, header
    included, so that error messages point at something findable. ``fields``
    holds mapped fields with cleaned, non-empty values; ``raw`` holds every
    header column with the cell as read, for provenance.
    """

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    # provenance only: two rows with the same line and fields are the same row
    raw: dict[str, str] = field(default_factory=dict, compare=False)


# --- identifiers ---------------------------------------------------------------


def _digits(value: str, label: str) -> str:
    """Digits of ``value`` with whitespace removed; registries often group digits with spaces."""
    digits = "".join(str(value).split())
    # isdigit() alone would accept '²' or Arabic-Indic digits, which int() then misreads
    if digits and not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{label} must be digits only")
    return digits


def _weighted_check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def validate_inn(value: str) -> str:
    """Return the INN as digits only, or raise ``ValueError`` with a short reason.

    10 digits: an organisation, one check digit. 12 digits: an individual or
    sole trader, two check digits. The check digits catch most typos and
    transposed digits, which are the usual errors in hand-kept registries.
    """
    inn = _digits(value, "INN")
    if len(inn) not in (10, 12):
        hint = " (a leading zero lost in a number cell?)" if len(inn) in (9, 11) else ""
        raise ValueError(f"INN must have 10 or 12 digits{hint}")
    if set(inn) == {"0"}:
        # all zeros satisfies the checksum but is a placeholder, never a real INN
        raise ValueError("INN is all zeros")
    if len(inn) == 10:
        ok = _weighted_check(inn, _INN10_WEIGHTS) == int(inn[9])
    else:
        ok = (
            _weighted_check(inn, _INN12_WEIGHTS_11) == int(inn[10])
            and _weighted_check(inn, _INN12_WEIGHTS_12) == int(inn[11])
        )
    if not ok:
        raise ValueError("INN check digit does not match")
    return inn


def validate_ogrn(value: str) -> str:
    """Return the OGRN/OGRNIP as digits only, or raise ``ValueError`` with a short reason.

    13 digits (OGRN, organisations): check = int(first 12) % 11 % 10.
    15 digits (OGRNIP, sole traders): check = int(first 14) % 13 % 10.
    """
    ogrn = _digits(value, "OGRN")
    if len(ogrn) == 13:
        expected = int(ogrn[:12]) % 11 % 10
    elif len(ogrn) == 15:
        expected = int(ogrn[:14]) % 13 % 10
    else:
        raise ValueError("OGRN must have 13 digits (OGRNIP: 15)")
    if set(ogrn) == {"0"}:
        raise ValueError("OGRN is all zeros")
    if expected != int(ogrn[-1]):
        raise ValueError("OGRN check digit does not match")
    return ogrn


# OKPD2 (OK 034-2014) codes go class 25, subclass 25.9, group 25.99, subgroup 25.99.2, kind 25.99.29,
# category/subcategory 25.99.29.190: two digits, then dotted groups of 1-2 digits, then three.
_OKPD2 = re.compile(r"^(?!00)\d{2}(?:\.\d(?:\d(?:\.\d(?:\d(?:\.\d{3})?)?)?)?)?$")
# A cell may list several codes or products: "22.21.30; 25.99.29.190", "geogrids, geomembranes".
_LIST_SEPARATORS = re.compile(r"[;,\n]+")


def split_list(value: str) -> list[str]:
    """The items of a cell that lists several, split on semicolons, commas and line breaks."""
    return [" ".join(part.split()) for part in _LIST_SEPARATORS.split(value) if part.strip()]


def validate_okpd2(value: str) -> str:
    """Return the cell's OKPD2 codes joined by "; ", or raise ``ValueError`` naming the first bad one.

    Only the shape is checked (the classifier itself is not shipped): a code that cannot exist,
    such as "2221" or "22.21.3.01", is a typo or another classifier's code pasted in."""
    codes = split_list(value)
    if not codes:
        raise ValueError("OKPD2 is empty")
    for code in codes:
        if not _OKPD2.match(code):
            raise ValueError(f"'{code}' is not an OKPD2 code (shape 25, 25.9, 25.99, 25.99.2, 25.99.29 or 25.99.29.190)")
    return "; ".join(codes)


def validate_hs(value: str) -> str:
    """Return the cell's HS / TN VED codes as digits joined by "; ", or raise ``ValueError``.

    A code has 4 (heading), 6 (HS subheading), 8 or 10 (EAEU TN VED) digits, written with or
    without the usual spaces and dots ("7019 90 000 9", "7019.90"); its chapter is 01 to 97."""
    codes = []
    for code in split_list(value):
        digits = re.sub(r"[\s.]", "", code)
        if not (digits.isascii() and digits.isdigit()) or len(digits) not in (4, 6, 8, 10):
            raise ValueError(f"'{code}' is not an HS code (4, 6, 8 or 10 digits)")
        if not 1 <= int(digits[:2]) <= 97:
            raise ValueError(f"'{code}' is not an HS code (chapter {digits[:2]} does not exist)")
        codes.append(digits)
    if not codes:
        raise ValueError("HS code is empty")
    return "; ".join(codes)


def row_capabilities(text: str, fields: Mapping[str, str], row_start: int, row_end: int, subject: int) -> list:
    """What a stored registry row says its organisation makes: a ``produces`` for each product and an
    ``okpd2`` / ``hs`` for each code, each with the span of that item in the row's line of ``text``
    (the line reads "name: ... | products: a; b | okpd2: ..."). The products of a row carry the row's
    codes as qualifiers, so a match on a product shows its classification too."""
    from .model import GraphCapability, Span

    row = Span(row_start, row_end)
    codes = {k: fields[k] for k in ("okpd2", "hs") if fields.get(k)}
    found = []
    for name in LIST_FIELDS:
        if not fields.get(name):
            continue
        label = text.find(f"{name}: ", row_start, row_end)
        if label < 0:
            continue
        at = label + len(name) + 2
        for item in split_list(fields[name]):
            where = text.find(item, at, row_end)
            if where < 0:
                continue
            at = where + len(item)
            found.append(GraphCapability(subject, _ITEM_PROPERTIES[name], item, Span(where, at), row, cue=f"registry {name}",
                                         confidence=0.95, codes=codes if name == "products" else {}))
    return found


def _check_website(value: str) -> str:
    """Return ``value`` if it looks like a domain or http(s) URL, else raise ``ValueError``."""
    site = value.strip()
    if "@" in site and "://" not in site:
        raise ValueError("looks like an e-mail address, not a website")
    if not _WEBSITE.match(site):
        raise ValueError("website must be a domain or an http(s) URL")
    return site


# --- mapping -------------------------------------------------------------------


def _known_fields_text() -> str:
    return f"known fields: {', '.join(KNOWN_FIELDS)}"


def parse_mapping(spec: str) -> dict[str, str]:
    """Parse ``--map`` text such as ``name=Company,inn=INN`` into ``{field: column}``.

    Field names are case-insensitive; column names are kept as written (apart
    from surrounding spaces) because they must match the header. Column names
    cannot contain a comma, since the comma separates pairs.
    """
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, column = part.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep:
            raise ValueError(f"mapping item '{part}' is not field=Column ({_known_fields_text()})")
        if name not in KNOWN_FIELDS:
            raise ValueError(f"unknown field '{name}' in mapping ({_known_fields_text()})")
        if not column:
            raise ValueError(f"mapping item '{part}' names no column")
        if name in mapping:
            raise ValueError(f"field '{name}' is mapped twice")
        mapping[name] = column
    if "name" not in mapping:
        raise ValueError(f"mapping must include name=Column ({_known_fields_text()})")
    return mapping


# --- reading -------------------------------------------------------------------


def _cell_text(value: object) -> str:
    """A cell as text. Whole-number floats lose their '.0': Excel stores INNs typed as numbers as floats."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _clean(text: str) -> str:
    """Collapse runs of spaces (no-break spaces included) within lines and drop blank lines.

    Line breaks are kept: registries list several products in one cell, one per line.
    """
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _column_index(path: Path, header: list[str], column: str) -> int:
    """Where ``column`` is in ``header``: exact match first, then a unique case-insensitive one."""
    names = [h.strip() for h in header]
    for candidates in (
        [i for i, h in enumerate(names) if h == column],
        [i for i, h in enumerate(names) if h.casefold() == column.casefold()],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            # two columns with one name: picking either would silently import the wrong one
            raise RegistryError(path, f"column '{column}' appears {len(candidates)} times in the header")
    shown = ", ".join(h for h in names if h) or "(none)"
    raise RegistryError(path, f"column '{column}' not found (columns: {shown})")


def _raw_keys(header: list[str], width: int) -> list[str]:
    """Keys for ``RegistryRow.raw``: header names, with placeholders for blank or repeated ones."""
    keys: list[str] = []
    seen: set[str] = set()
    for i in range(width):
        name = header[i].strip() if i < len(header) else ""
        key = name if name and name not in seen else f"(column {i + 1})"
        seen.add(key)
        keys.append(key)
    return keys


def _rows(
    path: Path, records: Iterable[tuple[int, list[object]]], mapping: Mapping[str, str]
) -> Iterator[RegistryRow]:
    """Turn (line, cells) records, header first, into rows; blank records are skipped."""
    header: list[str] | None = None
    index: dict[str, int] = {}
    for line, cells in records:
        texts = [_cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if header is None:
            header = texts
            index = {f: _column_index(path, header, col) for f, col in mapping.items()}
            continue
        fields = {}
        for f, i in index.items():
            value = _clean(texts[i]) if i < len(texts) else ""
            if value:
                fields[f] = value
        raw = dict(zip(_raw_keys(header, max(len(header), len(texts))), texts))
        yield RegistryRow(line=line, fields=fields, raw=raw)
    if header is None:
        raise RegistryError(path, "table is empty (a header row is required)")


def _sniff_delimiter(text: str, mapping: Mapping[str, str]) -> str:
    """Pick ',', ';' or tab: the one whose header holds the most mapped columns,
    then whose first records agree on a width, then the widest.

    csv.Sniffer guesses wrong on small files and on ';' files with decimal
    commas (Russian Excel exports), so the score uses what we know we need.
    """
    wanted = {c.casefold() for c in mapping.values()}
    best, best_score = ",", None
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            records = [r for r in itertools.islice(reader, 50) if any(c.strip() for c in r)][:20]
        except csv.Error:
            continue
        if not records:
            continue
        width = len(records[0])
        found = len(wanted & {h.strip().casefold() for h in records[0]})
        consistent = sum(len(r) == width for r in records)
        score = (found, width > 1, consistent, width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, mapping: Mapping[str, str]) -> Iterator[RegistryRow]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegistryError(path, exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; plain UTF-8 does not
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(
            path, f"line {line} is not UTF-8 text (save the table as 'CSV UTF-8')"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text, mapping))

    def records() -> Iterator[tuple[int, list[object]]]:
        # a record starts on the line after the previous one ended; quoted cells may span lines
        end = 0
        try:
            for cells in reader:
                yield end + 1, cells
                end = reader.line_num
        except csv.Error as exc:
            raise RegistryError(path, f"line {reader.line_num}: {exc}") from None

    yield from _rows(path, records(), mapping)


def _read_xlsx(path: Path, mapping: Mapping[str, str]) -> Iterator[RegistryRow]:
    from openpyxl import load_workbook  # imported here: only XLSX imports need it

    try:
        # data_only: formulas give their cached values, as Excel shows them
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise RegistryError(path, exc.strerror or str(exc)) from None
    except Exception as exc:  # openpyxl raises zipfile/KeyError/etc. for damaged files
        raise RegistryError(path, f"not a readable .xlsx workbook ({exc.__class__.__name__})") from None
    try:
        if not workbook.worksheets:
            raise RegistryError(path, "workbook has no sheets")
        sheet = workbook.worksheets[0]
        # the stored dimensions are often wrong in files other tools wrote; recompute them
        sheet.reset_dimensions()
        # min_row=1 makes leading empty rows count, so enumerate() gives Excel's row numbers
        rows = sheet.iter_rows(min_row=1, values_only=True)
        yield from _rows(path, ((n, list(cells)) for n, cells in enumerate(rows, start=1)), mapping)
    finally:
        workbook.close()


def read_table(path: str | Path, mapping: Mapping[str, str]) -> Iterator[RegistryRow]:
    """Yield the data rows of a .csv or .xlsx registry table through ``mapping`` ({field: column}).

    CSV must be UTF-8 (a BOM is fine); its delimiter is detected among ',', ';'
    and tab. XLSX is read from the first sheet. The first non-blank row is the
    header; blank rows are skipped. A generator: ``RegistryError`` for a file
    that cannot be read at all (missing column, wrong encoding) is raised when
    iteration starts, before any row is yielded.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _read_csv(path, mapping)
    elif suffix == ".xlsx":
        yield from _read_xlsx(path, mapping)
    else:
        hint = " (save it as .xlsx)" if suffix == ".xls" else ""
        raise RegistryError(
            path,
            f"unsupported file type '{suffix or '(none)'}'{hint} (supported: {', '.join(SUPPORTED_EXTENSIONS)})",
        )


# --- validation ----------------------------------------------------------------

# field → check returning the normalised value; fields not listed are free text
_CHECKS = {
    "inn": validate_inn,
    "ogrn": validate_ogrn,
    "website": _check_website,
    "okpd2": validate_okpd2,
    "hs": validate_hs,
}


def _quote(value: str) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= _MAX_QUOTED else value[: _MAX_QUOTED - 1] + "…"


def validate_rows(
    path: str | Path, rows: Iterable[RegistryRow]
) -> tuple[list[RegistryRow], list[str]]:
    """Check every row; return (good rows with normalised INN/OGRN, one error line per problem).

    All rows are checked even after the first error so a person can fix the
    file in one pass. Callers must load nothing when the error list is
    non-empty. A ``RegistryError`` from ``read_table`` propagates unchanged.
    """
    good: list[RegistryRow] = []
    errors: list[str] = []
    for row in rows:
        prefix = f"cannot import {path} line {row.line}"
        row_errors = []
        fields = dict(row.fields)
        if not fields.get("name", "").strip():
            row_errors.append(f"{prefix}: field 'name': name is empty")
        for name, check in _CHECKS.items():
            if name not in fields:
                continue
            try:
                fields[name] = check(fields[name])
            except ValueError as exc:
                row_errors.append(f"{prefix}: field '{name}': {exc} (value '{_quote(fields[name])}')")
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append(replace(row, fields=fields))
    return good, errors
