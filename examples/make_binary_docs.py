#!/usr/bin/env python3
"""Build the two binary articles of the example corpus.

Writes, relative to the repository root:

* examples/corpus/kaluga-aerospace-cluster.pdf   (fpdf2, core font Helvetica)
* examples/corpus/altai-composite-cluster.docx   (python-docx)

Run from the repository root:

    python examples/make_binary_docs.py

Requirements: fpdf2>=2.7,<3 and python-docx>=1.1,<2.

The output is deterministic: the PDF gets a fixed creation date and the DOCX
gets fixed core properties and fixed ZIP member timestamps, so rebuilding with
the same library versions yields byte-identical files.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

FIXED_DATE = datetime(2024, 1, 15, 12, 0, 0, tzinfo=timezone.utc)
ZIP_DATE = (2024, 1, 15, 12, 0, 0)

# ---------------------------------------------------------------------------
# PDF article: aerospace technology cluster of the Kaluga Region.
# Keep it latin-1 safe: no Cyrillic, plain quotes and hyphens only.
# ---------------------------------------------------------------------------

PDF_NAME = "kaluga-aerospace-cluster.pdf"
PDF_TITLE = "Composites for Rockets and Airliners: The Aerospace Cluster of the Kaluga Region"
PDF_SUBTITLE = "Cluster profile, prepared for the Cluster Atlas example corpus"
PDF_PARAGRAPHS = [
    "The Kaluga Region is usually associated with car plants and pharmaceutical factories, but its "
    "oldest high-technology industry is aerospace. Obninsk, the first Soviet science city, and the "
    "regional capital Kaluga host enterprises that have made radomes, heat shields, engine parts and "
    "radio equipment for aircraft and spacecraft for decades. A cluster to unite them was first "
    "proposed publicly in the autumn of 2013, when the industry marked a quarter century since the "
    "Buran orbiter's only flight, and on 11 December 2014 the cluster of aerospace polymer composite materials "
    "and structures technologies of the Kaluga Region was formally launched as an association.",

    "The anchor company is JSC \"Obninsk Research and Production Enterprise Tekhnologiya named after "
    "A. G. Romashin\" (ORPE Tekhnologiya), a State Research Centre of the Russian Federation. The "
    "enterprise designs and makes ceramic, glass and polymer composite products: radomes for combat "
    "aircraft, glazing for cockpits, parts for civil airliners and heat-resistant structures for "
    "rockets. In Soviet times it made thermal protection tiles for Buran; more recently it supplied the "
    "body of the Kondor-FKA radar satellite and composite payload fairings for Angara rockets. ORPE "
    "Tekhnologiya belongs to JSC RT-Khimkompozit, the composite materials holding of State Corporation "
    "Rostec, which initiated the cluster. The holding name is also spelled RT-Khimkomposit or "
    "RT-Chemcomposite in English documents, and the state corporation appears as Rostekh or Rostec "
    "State Corporation.",

    "At its launch the association brought together more than twenty enterprises employing about "
    "10,000 people. Oleg Komissar, then Director General of ORPE Tekhnologiya, was elected chairman of "
    "its board. Other aerospace enterprises of the region include JSC \"Kaluga Research Radio "
    "Engineering Institute\" (KNIRTI), which develops airborne electronic warfare systems and belongs to "
    "Concern Radio-Electronic Technologies (KRET), another Rostec holding; JSC \"Kaluga Engine\", a "
    "maker of small gas turbine engines; and JSC \"Kaluga Research Institute of Telemechanical "
    "Devices\" (KNIITMU). Smaller firms in Obninsk, Kaluga and Borovsk supply tooling, testing services "
    "and software.",

    "The Kaluga branch of Bauman Moscow State Technical University and the Obninsk Institute for "
    "Nuclear Power Engineering (IATE MEPhI) act as education partners, training engineers in materials "
    "science and radio engineering. The Agency for Innovative Development - Centre for Cluster "
    "Development of the Kaluga Region, which also supports the regional pharmaceutical and automotive "
    "clusters, is a member of the association.",

    "Federal rules for cluster support were tightened by Government Decree No. 779 of 31 July 2015 "
    "on industrial clusters and their specialised organisations, which links subsidies for joint "
    "import-substitution projects to membership of a registered cluster. For the Kaluga enterprises "
    "the main customers remain United Aircraft Corporation, Roscosmos and the defence ministry.",

    "Anatoly Artamonov, Governor of the Kaluga Region from 2000 to 2020, and his successor Vladislav "
    "Shapsha have both presented Obninsk's materials science as a regional asset comparable with the "
    "foreign car and drug plants. The cluster's long-term goal is to move from single parts to "
    "complete composite assemblies and to find civilian uses, from transport to energy, for materials "
    "first developed for rockets.",
]

# ---------------------------------------------------------------------------
# DOCX article: Altai composite cluster (Cyrillic allowed).
# ---------------------------------------------------------------------------

DOCX_NAME = "altai-composite-cluster.docx"
DOCX_TITLE = "Altai Polikompozit: Biysk's Chemists Turn to Civilian Composites"
DOCX_PARAGRAPHS = [
    "Biysk, a city in Altai Krai founded in 1709 as a frontier fort, spent most of the twentieth "
    "century as a closed centre of solid rocket propellant research. When defence orders collapsed in "
    "the 1990s, the city's chemists, engineers and machine shops had to look for civilian markets. One "
    "answer is the Altai polymer composite cluster, known by its brand name Altai Polikompozit (in "
    "Russian \u00abАлтайполикомпозит\u00bb), a non-profit partnership of manufacturers and research "
    "institutes created in 2015.",

    "Biysk received the status of a science city (naukograd) of the Russian Federation by a government "
    "decision of 21 November 2005. The scientific core of the cluster is JSC \"Federal Research and "
    "Production Center Altai\" (FR&PC Altai), the former rocket propellant institute, and the Institute "
    "for Problems of Chemical and Energetic Technologies of the Siberian Branch of the Russian Academy "
    "of Sciences (IPCET SB RAS). Both work on binders, fibres, fibre-reinforced plastics and other "
    "materials for civilian use.",

    "At the time its strategy was adopted, the cluster united 13 industrial enterprises of the region "
    "employing about 840 people, most of them small and medium-sized firms. They make composite rebar, "
    "geogrids and geomembranes for road building, fibreglass profiles and pipes. One member, ZAO NPP "
    "Altik, won a regional innovation competition in 2015 with composite poles for 6-10 kV power lines. "
    "Education partners are the Polzunov Altai State Technical University (AltSTU) in Barnaul and its "
    "Biysk Technological Institute, which trains process engineers in chemical technology.",

    "The specialised organisation is the Centre for Cluster Development of Altai Krai, which also "
    "monitors the cluster's strategy. Alexander Karlin, Governor of Altai Krai from 2005 to 2018, "
    "approved the development strategy of Altai Polikompozit for 2016-2020. The cluster works next to "
    "the Altai biopharmaceutical cluster, also centred on Biysk and Barnaul, which was included in the "
    "list of pilot innovative territorial clusters approved on 28 August 2012 (No. DM-P8-5060).",

    "Funding has been modest. Reports on the cluster's first year put total investment in 2015, "
    "public support and the members' own money together, at 59.6 million rubles. In 2016 the Altai "
    "Krai administration signed an agreement with JSC \"Federal Corporation for the Development of "
    "Small and Medium-sized Enterprises\" (SME Corporation) to connect local suppliers with large "
    "state customers; the Federal Road Agency (Rosavtodor) showed interest in the cluster's geogrids "
    "and composite rebar. Viktor Tomenko, Governor of Altai Krai since 2018, has kept composites and "
    "chemistry among the region's industrial priorities.",

    "The city's name is written Biysk, Biisk or Бийск, and the institute abbreviations vary between "
    "English and Russian sources (IPCET SB RAS, ИПХЭТ СО РАН; FR&PC Altai, ФНПЦ \u00abАлтай\u00bb). "
    "Whatever the spelling, Altai Polikompozit shows how a former defence town can reuse its chemical "
    "expertise for roads, power lines and farm machinery.",
]


def _latin1_safe(text: str) -> str:
    """Replace typographic characters and check the text fits Helvetica (latin-1)."""
    table = {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ",
        "\u00ab": '"', "\u00bb": '"',
    }
    for bad, good in table.items():
        text = text.replace(bad, good)
    text.encode("latin-1")  # raises if anything non-latin-1 slipped in
    return text


def build_pdf(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(PDF_TITLE)
    pdf.set_author("Cluster Atlas project")
    pdf.set_subject("Example corpus article")
    pdf.set_creator("examples/make_binary_docs.py")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(0, 8, _latin1_safe(PDF_TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", style="I", size=10)
    pdf.multi_cell(0, 6, _latin1_safe(PDF_SUBTITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font("Helvetica", size=11)
    for para in PDF_PARAGRAPHS:
        pdf.multi_cell(0, 6, _latin1_safe(para), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    pdf.output(str(path))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed member timestamps and a stable order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def build_docx(path: Path) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    doc.add_heading(DOCX_TITLE, level=1)
    for para in DOCX_PARAGRAPHS:
        doc.add_paragraph(para)

    props = doc.core_properties
    props.title = DOCX_TITLE
    props.author = "Cluster Atlas project"
    props.last_modified_by = "Cluster Atlas project"
    props.subject = "Example corpus article"
    props.keywords = "cluster; Altai Krai; Biysk; composites"
    props.comments = "Generated by examples/make_binary_docs.py"
    props.created = FIXED_DATE.replace(tzinfo=None)
    props.modified = FIXED_DATE.replace(tzinfo=None)
    props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    pdf_path = CORPUS / PDF_NAME
    docx_path = CORPUS / DOCX_NAME
    build_pdf(pdf_path)
    build_docx(docx_path)
    print(f"wrote {pdf_path.relative_to(HERE.parent)}")
    print(f"wrote {docx_path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
