"""The official layout: A4 and its margins, 小标宋 title, 黑体 headings, 仿宋 body with East Asian fonts set."""

import datetime
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from yingji.core.word import OfficialDocument, chinese_date


def test_an_official_document_has_the_layout_offices_expect():
    doc = OfficialDocument()
    doc.title("关于某事的通报")
    doc.heading("一、基本情况")
    doc.lines("第一行\n\n第二行")
    doc.table([("项目", "内容"), ("地点", "锁南镇")], header=True)
    doc.signature("东乡县应急管理局", datetime.date(2024, 2, 29))
    read = Document(io.BytesIO(doc.bytes()))
    section = read.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    assert (round(section.top_margin.cm, 1), round(section.left_margin.cm, 1)) == (3.7, 2.8)
    paragraphs = [p for p in read.paragraphs if p.text]
    fonts = [p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) for p in paragraphs]
    assert [p.text for p in paragraphs] == ["关于某事的通报", "一、基本情况", "第一行", "第二行", "东乡县应急管理局",
                                            "2024年2月29日"]
    assert fonts[:3] == ["方正小标宋简体", "黑体", "仿宋_GB2312"]
    assert paragraphs[0].runs[0].font.size == Pt(22) and paragraphs[2].paragraph_format.line_spacing == Pt(28)
    assert read.tables[0].rows[1].cells[1].text == "锁南镇"
    assert chinese_date(None) == "—"
