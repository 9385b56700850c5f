"""Word documents in the official layout every office expects (党政机关公文格式, GB/T 9704 conventions):
A4 with the standard margins, a 方正小标宋 title in 二号 (22 pt), 黑体 headings and 仿宋 body text in 三号
(16 pt) on fixed 28-pt lines with a two-character first-line indent, tables in 仿宋 12 pt, and the issuing
body and date at the foot. The risk bulletin, the duty circular, the incident report form and the drill
evaluation report are all written with it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"


def chinese_date(day: datetime.date | None) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day} if day else "—"


class OfficialDocument:
    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    @staticmethod
    def _font(run, name: str, size: float, bold: bool = False) -> None:
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        # Word picks Chinese glyphs from the East Asian font slot, not from font.name.
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    def paragraph(self, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
                  align=None, indent: bool = True):
        p = self.doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(28)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        self._font(p.add_run(text), font, size, bold)
        return p

    def document_number(self, text: str) -> None:
        """The 发文字号 (e.g. 东应急发〔2026〕12号), centred above the title with a blank line after it."""
        self.paragraph(text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.paragraph("", indent=False)

    def title(self, text: str) -> None:
        self.paragraph(text, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def heading(self, text: str) -> None:
        self.paragraph(text, font=HEADING_FONT)

    def lines(self, text: str, *, empty: str | None = None) -> None:
        """Each non-blank line of `text` as a paragraph; `empty` when there is none."""
        written = [line.strip() for line in (text or "").splitlines() if line.strip()]
        for line in written:
            self.paragraph(line)
        if not written and empty is not None:
            self.paragraph(empty)

    def table(self, rows: Sequence[Sequence], *, header: bool = False, widths: Sequence[float] | None = None,
              size: float = 12) -> None:
        """A bordered table; the first row is bold when `header`, else the first column (label | value)."""
        grid = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        for r, (cells, row) in enumerate(zip(grid.rows, rows, strict=True)):
            for c, (cell, value) in enumerate(zip(cells.cells, row, strict=True)):
                cell.text = ""
                self._font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, size,
                           bold=(header and r == 0) or (not header and c == 0))
                if widths:
                    cell.width = Cm(widths[c])

    def signature(self, issuer: str, day: datetime.date | None) -> None:
        self.paragraph("", indent=False)
        self.paragraph(issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        self.paragraph(chinese_date(day), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
