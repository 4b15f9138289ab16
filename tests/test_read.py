from __future__ import annotations

from pathlib import Path

import pytest

from clusteratlas.read import ReadError, read_document
from clusteratlas.read.text import markdown_to_text

from .badfiles import SMALL_LIMIT, bad_file_specs, make_bad_files


def test_text_reader_keeps_text_and_guesses_language(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Kaluga Region\n\nThe Vorsino industrial park covers 1,000 hectares.", encoding="utf-8")
    doc = read_document(path)
    assert doc.text.startswith("Kaluga Region")
    assert doc.title == "Kaluga Region"
    assert doc.language == "en"
    assert doc.format == "txt"
    assert doc.id == "doc-" + doc.content_hash[:16]


def test_text_reader_russian_and_crlf(tmp_path: Path):
    path = tmp_path / "ru.txt"
    path.write_bytes("Калужская область\r\nОсобая экономическая зона".encode("utf-8-sig"))
    doc = read_document(path)
    assert doc.language == "ru"
    assert "\r" not in doc.text
    assert doc.text.startswith("Калужская")  # BOM dropped


def test_markdown_loses_markup_keeps_words():
    text = markdown_to_text("# Alabuga SEZ\n\n**Resident**: [KAMAZ](http://x) \n- one\n")
    assert text.splitlines()[0] == "Alabuga SEZ"
    assert "Resident: KAMAZ" in text
    assert "• one" in text
    assert "http" not in text


def test_html_reader_drops_boilerplate_and_keeps_metadata(tmp_path: Path):
    page = """<html lang="en"><head><title>Tomsk SEZ grows</title>
    <meta property="article:published_time" content="2019-05-14"></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/contacts">Contacts</a></nav>
    <article><h1>Tomsk SEZ grows</h1>
    <p>The Tomsk special economic zone admitted three new residents this spring, bringing the total to forty-two companies.</p>
    <p>The zone was created by Government Decree No. 783 of December 21, 2005, and covers two sites in the city of Tomsk.</p>
    </article>
    <div class="share">Share: Facebook VK Telegram</div>
    <footer>© 2019 Tomsk News. Back to top</footer></body></html>"""
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "forty-two companies" in doc.text
    assert "Share: Facebook" not in doc.text
    assert "Back to top" not in doc.text
    assert doc.title == "Tomsk SEZ grows"
    assert doc.language == "en"
    assert doc.published == "2019-05-14"


def test_docx_reader_reads_paragraphs(tmp_path: Path):
    import docx

    d = docx.Document()
    d.add_heading("Lipetsk SEZ", level=1)
    d.add_paragraph("The zone was created in 2005 near Gryazi.")
    path = tmp_path / "d.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.text.splitlines()[0] == "Lipetsk SEZ"
    assert "near Gryazi" in doc.text


def test_pdf_reader_reads_text_layer(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Innopolis SEZ\nThe zone lies in the Republic of Tatarstan.")
    path = tmp_path / "p.pdf"
    pdf.output(str(path))
    doc = read_document(path)
    assert "Republic of Tatarstan" in doc.text
    assert doc.format == "pdf"


@pytest.mark.parametrize("name", sorted(bad_file_specs()))
def test_each_bad_file_gets_one_line_naming_file_and_reason(tmp_path: Path, name: str):
    reasons = make_bad_files(tmp_path)
    with pytest.raises(ReadError) as info:
        read_document(tmp_path / name, max_bytes=SMALL_LIMIT)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"cannot read {tmp_path / name}: ")
    assert reasons[name] in message
