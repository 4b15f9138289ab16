from __future__ import annotations

from pathlib import Path

import pytest

from clusteratlas.registry import (
    KNOWN_FIELDS,
    RegistryError,
    RegistryRow,
    parse_mapping,
    read_table,
    validate_inn,
    validate_ogrn,
    validate_rows,
)

DATA = Path(__file__).resolve().parent / "data" / "registry"

SBER_INN = "7707083893"       # PAO Sberbank, public
SBER_OGRN = "1027700132195"
PERSON_INN = "500100732259"   # 12-digit INN, the usual worked example
OGRNIP = "304500116000157"    # 15-digit OGRNIP, the usual worked example


def _change_digit(value: str, index: int) -> str:
    return value[:index] + str((int(value[index]) + 1) % 10) + value[index + 1:]


# --- INN -------------------------------------------------------------------

@pytest.mark.parametrize("inn", [SBER_INN, "7736050003", "7736207543", PERSON_INN])
def test_valid_inn_accepted(inn):
    assert validate_inn(inn) == inn


def test_inn_spaces_stripped():
    assert validate_inn(" 77 0708 3893 ") == SBER_INN


@pytest.mark.parametrize("index", range(10))
def test_inn10_any_digit_changed_rejected(index):
    with pytest.raises(ValueError, match="INN check digit does not match"):
        validate_inn(_change_digit(SBER_INN, index))


@pytest.mark.parametrize("index", [0, 5, 10, 11])
def test_inn12_digit_changed_rejected(index):
    with pytest.raises(ValueError, match="INN check digit does not match"):
        validate_inn(_change_digit(PERSON_INN, index))


@pytest.mark.parametrize("inn", ["770708389", "77070838931", "7707083893123", "1" * 14])
def test_inn_wrong_length(inn):
    with pytest.raises(ValueError, match="INN must have 10 or 12 digits"):
        validate_inn(inn)


def test_inn_letters_and_empty_rejected():
    with pytest.raises(ValueError, match="digits only|only digits"):
        validate_inn("77070838A3")
    with pytest.raises(ValueError, match="INN"):
        validate_inn("  ")


def test_all_zero_inn_rejected():
    # satisfies the checksum, but is a placeholder
    with pytest.raises(ValueError):
        validate_inn("0000000000")


# --- OGRN ------------------------------------------------------------------

@pytest.mark.parametrize("ogrn", [SBER_OGRN, "1027700070518", "1077799030847", OGRNIP])
def test_valid_ogrn_accepted(ogrn):
    assert validate_ogrn(ogrn) == ogrn


@pytest.mark.parametrize("index", [0, 6, 11, 12])
def test_ogrn_digit_changed_rejected(index):
    with pytest.raises(ValueError, match="OGRN check digit does not match"):
        validate_ogrn(_change_digit(SBER_OGRN, index))


def test_ogrnip_digit_changed_rejected():
    with pytest.raises(ValueError, match="OGRN check digit does not match"):
        validate_ogrn(_change_digit(OGRNIP, 14))


@pytest.mark.parametrize("ogrn", ["102770013219", "10277001321950", "1" * 16])
def test_ogrn_wrong_length(ogrn):
    with pytest.raises(ValueError, match="OGRN must have 13 digits"):
        validate_ogrn(ogrn)


# --- mapping ---------------------------------------------------------------

def test_parse_mapping():
    assert parse_mapping("name=Company, inn=INN ,website=Web site") == {
        "name": "Company", "inn": "INN", "website": "Web site",
    }


def test_parse_mapping_unknown_field_names_known_fields():
    with pytest.raises(ValueError) as err:
        parse_mapping("name=Company,tin=INN")
    assert "'tin'" in str(err.value)
    for known in KNOWN_FIELDS:
        assert known in str(err.value)


def test_parse_mapping_requires_name():
    with pytest.raises(ValueError, match="name=Column") as err:
        parse_mapping("inn=INN")
    assert "okpd2" in str(err.value)


@pytest.mark.parametrize("spec", ["name", "name=", "name=A,name=B"])
def test_parse_mapping_malformed(spec):
    with pytest.raises(ValueError):
        parse_mapping(spec)


# --- reading ---------------------------------------------------------------

def test_csv_semicolon_with_bom():
    path = DATA / "participants_semicolon_bom.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    mapping = parse_mapping("name=Наименование,inn=ИНН,ogrn=ОГРН,region=Регион,website=Сайт")
    rows = list(read_table(path, mapping))
    assert [r.line for r in rows] == [2, 3, 4]
    assert isinstance(rows[0], RegistryRow)
    assert rows[0].fields == ({
        "name": "ПАО Сбербанк", "inn": SBER_INN, "ogrn": SBER_OGRN,
        "region": "Москва", "website": "https://www.sberbank.ru",
    })
    assert rows[1].fields["name"] == 'ПАО "Газпром"'
    good, errors = validate_rows(path, rows)
    assert errors == []
    assert good[2].fields["inn"] == "7736207543"  # spaces removed


def test_csv_comma_and_tab(tmp_path: Path):
    for delim in (",", "\t"):
        path = tmp_path / "t.csv"
        path.write_text(delim.join(["Company", "INN"]) + "\n" + delim.join(["Sber; bank", SBER_INN]) + "\n",
                        encoding="utf-8")
        rows = list(read_table(path, {"name": "Company", "inn": "INN"}))
        assert [(r.line, r.fields) for r in rows] == [(2, {"name": "Sber; bank", "inn": SBER_INN})]


def test_bad_rows_reported_with_their_line_numbers():
    path = DATA / "residents_with_errors.csv"
    mapping = parse_mapping("name=Company,inn=INN,ogrn=OGRN,website=Website,products=Products")
    rows = list(read_table(path, mapping))
    assert [r.line for r in rows] == [2, 3, 4, 6, 7, 9]
    good, errors = validate_rows(path, rows)
    assert [r.line for r in good] == [2, 9]
    assert len(errors) == 4
    assert errors[0] == f"cannot import {path} line 3: field 'inn': INN check digit does not match (value '7707083894')"
    assert errors[1].startswith(f"cannot import {path} line 4: field 'name': ")
    assert errors[2].startswith(f"cannot import {path} line 6: field 'ogrn': OGRN must have 13 digits")
    assert errors[2].endswith("(value '102770013219')")
    assert errors[3].startswith(f"cannot import {path} line 7: field 'website': ")
    assert errors[3].endswith("(value 'not a site')")
    assert all("\n" not in e for e in errors)


def test_empty_cells_omitted(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("Company,INN,Region\nAcme,  ,\n", encoding="utf-8")
    rows = list(read_table(path, {"name": "Company", "inn": "INN", "region": "Region"}))
    assert [(r.line, r.fields) for r in rows] == [(2, {"name": "Acme"})]


def test_missing_column(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("Company;Region\nAcme;Moscow\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        list(read_table(path, {"name": "Company", "inn": "INN"}))
    assert str(err.value) == f"cannot import {path}: column 'INN' not found (columns: Company, Region)"


def test_unsupported_extension(tmp_path: Path):
    path = tmp_path / "t.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RegistryError, match="unsupported file type '.xls'"):
        list(read_table(path, {"name": "Company"}))


def test_non_utf8_csv(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_bytes("Компания\nАкме\n".encode("cp1251"))
    with pytest.raises(RegistryError, match="not UTF-8"):
        list(read_table(path, {"name": "Компания"}))


def test_xlsx_first_sheet(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Организация", "ИНН", "ОГРН", "Сайт"])                       # row 1
    ws.append(["ПАО Сбербанк", int(SBER_INN), SBER_OGRN, "sberbank.ru"])    # row 2, INN as a number
    ws.append([None, None, None, None])                                     # row 3, empty
    ws.append(["Bad Co", "7707083894", None, None])                         # row 4
    ws.append(["  Сайт.рф Ltd ", "7736207543", "1027700229193", "сайт.рф"])  # row 5
    other = wb.create_sheet("Other")
    other.append(["Nothing", "here"])
    path = tmp_path / "residents.xlsx"
    wb.save(path)

    mapping = parse_mapping("name=Организация,inn=ИНН,ogrn=ОГРН,website=Сайт")
    rows = list(read_table(path, mapping))
    assert [r.line for r in rows] == [2, 4, 5]
    assert rows[0].fields == {"name": "ПАО Сбербанк", "inn": SBER_INN, "ogrn": SBER_OGRN, "website": "sberbank.ru"}
    assert rows[2].fields["name"] == "Сайт.рф Ltd"
    good, errors = validate_rows(path, rows)
    assert [r.line for r in good] == [2, 5]
    assert errors == [
        f"cannot import {path} line 4: field 'inn': INN check digit does not match (value '7707083894')",
    ]


def test_xlsx_missing_column(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Region"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    with pytest.raises(RegistryError) as err:
        list(read_table(path, {"name": "Name", "ogrn": "OGRN"}))
    assert str(err.value) == f"cannot import {path}: column 'OGRN' not found (columns: Name, Region)"


def test_broken_xlsx(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RegistryError, match="not a readable .xlsx"):
        list(read_table(path, {"name": "Name"}))


# --- further checks: algorithm from its definition, cleaning, awkward tables ---

def _inn10(base9: str) -> str:
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return base9 + str(sum(int(d) * w for d, w in zip(base9, weights)) % 11 % 10)


def _inn12(base10: str) -> str:
    w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    eleven = base10 + str(sum(int(d) * w for d, w in zip(base10, w11)) % 11 % 10)
    return eleven + str(sum(int(d) * w for d, w in zip(eleven, w12)) % 11 % 10)


@pytest.mark.parametrize("base", ["010500123", "540123456", "781201456", "999999999"])
def test_inn10_computed_from_definition(base):
    inn = _inn10(base)
    assert validate_inn(inn) == inn
    bad_check = inn[:9] + str((int(inn[9]) + 1) % 10)
    with pytest.raises(ValueError, match="check digit"):
        validate_inn(bad_check)


@pytest.mark.parametrize("base", ["0105001234", "7707123456", "9999999999"])
def test_inn12_computed_from_definition(base):
    inn = _inn12(base)
    assert validate_inn(inn) == inn
    for i in (10, 11):
        with pytest.raises(ValueError, match="check digit"):
            validate_inn(_change_digit(inn, i))


@pytest.mark.parametrize("base", ["102770013219", "515774600000", "1" * 12])
def test_ogrn_computed_from_definition(base):
    ogrn = base + str(int(base) % 11 % 10)
    assert validate_ogrn(ogrn) == ogrn


@pytest.mark.parametrize("base", ["30450011600015", "31977460000001"])
def test_ogrnip_computed_from_definition(base):
    ogrnip = base + str(int(base) % 13 % 10)
    assert validate_ogrn(ogrnip) == ogrnip
    with pytest.raises(ValueError, match="check digit"):
        validate_ogrn(_change_digit(ogrnip, 14))


def test_inn_that_lost_its_leading_zero_says_so():
    inn = _inn10("010500123")
    with pytest.raises(ValueError, match="leading zero"):
        validate_inn(inn.lstrip("0"))


def test_semicolon_file_with_decimal_commas(tmp_path: Path):
    # Russian Excel exports: ';' between cells, ',' inside numbers; a comma sniffer would split wrongly
    path = tmp_path / "t.csv"
    path.write_text("Company;INN;Revenue, mln\nAcme;7707083893;12,5\nBeta;7736050003;1,0\n", encoding="utf-8")
    rows = list(read_table(path, {"name": "Company", "inn": "INN"}))
    assert [(r.line, r.fields) for r in rows] == [
        (2, {"name": "Acme", "inn": "7707083893"}),
        (3, {"name": "Beta", "inn": "7736050003"}),
    ]
    assert rows[0].raw["Revenue, mln"] == "12,5"


def test_cells_cleaned_but_lines_of_a_list_kept(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text('Company,Products\n"  Acme\u00a0 Ltd ","pumps \n\n  valves"\n', encoding="utf-8")
    rows = list(read_table(path, {"name": "Company", "products": "Products"}))
    assert rows[0].fields == {"name": "Acme Ltd", "products": "pumps\nvalves"}


def test_email_is_not_a_website(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("Company,Site\nAcme,info@acme.ru\nBeta,завод.рф\nGamma,https://gamma.ru/en?x=1\n",
                    encoding="utf-8")
    good, errors = validate_rows(path, read_table(path, {"name": "Company", "website": "Site"}))
    assert [r.line for r in good] == [3, 4]
    assert errors == [
        f"cannot import {path} line 2: field 'website': looks like an e-mail address, not a website"
        " (value 'info@acme.ru')"
    ]


def test_column_named_twice_is_refused(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("Company,INN,INN\nAcme,7707083893,7736050003\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="column 'INN' appears 2 times"):
        list(read_table(path, {"name": "Company", "inn": "INN"}))


def test_table_without_header_is_refused(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="header row is required"):
        list(read_table(path, {"name": "Company"}))


def test_xlsx_rows_counted_as_excel_shows_them(tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A3"], ws["B3"] = "Company", "INN"       # header on row 3, rows 1-2 blank
    ws["A4"], ws["B4"] = "Sber", 7707083893.0   # a number cell stored as a float
    ws["A7"], ws["B7"] = "Bad", 7707083894      # rows 5-6 blank
    path = tmp_path / "t.xlsx"
    wb.save(path)
    good, errors = validate_rows(path, read_table(path, {"name": "Company", "inn": "INN"}))
    assert [(r.line, r.fields) for r in good] == [(4, {"name": "Sber", "inn": "7707083893"})]
    assert errors == [f"cannot import {path} line 7: field 'inn': INN check digit does not match (value '7707083894')"]
