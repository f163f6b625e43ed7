"""A Document as DOCX laid out per GB/T 9704-2012 《党政机关公文格式》, through python-docx.

What the layout follows (section 6 of the project's ecosystem notes):

* A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm);
  a lines-and-characters grid of 22 lines × 28 characters;
* title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, first line
  indented two characters, exact line pitch so 22 lines fill the 版心;
* headings keep the numbering written in the Markdown (一、 （一） 1. （1）) and take the
  font of their level: 一级 黑体, 二级 楷体_GB2312, 三级 仿宋 bold, 四级 仿宋; the level
  comes from the numbering, or from the Markdown depth when a heading has none;
* 主送机关 under the title, flush left, ending in a full-width colon;
* 落款: 发文机关署名 and 成文日期 (Arabic numerals, no zero padding: GB/T 9704-2012 7.3.5.3)
  one line below the text, right-aligned as 7.3.5.2 says for documents without a seal;
* page numbers “— 1 —” in 4号 宋体, odd pages right and even pages left, one character in.

Font *names* are written, never fonts: Word and WPS use the installed 仿宋_GB2312 or a
substitute. python-docx has no API for East Asian fonts or the grid, so those are set in
the XML (``w:eastAsia``, ``w:docGrid``, the PAGE field).

The bytes are deterministic: the zip entries carry the document's date and the core
properties are taken from ``doc.meta`` (``dj report --verify`` renders again and compares).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from ..dates import cn_date
from ..errors import DjError
from ..reports import Document
from .gongwen import is_signature, recipients_line, signature_indents, text_width
from .markdown import Heading, Para, Rule, Run, Table, blocks, heading_level

KINDS = ("report", "letter", "decision")

# GB/T 9704-2012 page and grid.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 28  # page number 7 mm below the 版心 (35 − 7)
LINES, CHARS = 22, 28
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NO_PT = 14  # 4号
TABLE_PT = 12  # 小四
SMALL_TABLE_PT = 10.5  # 五号, for tables of more than six columns
LINE_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
# 156 mm / 28 characters = 15.79 pt a character: 16 pt characters condensed by 0.25 pt (in
# twentieths of a point), the 15.75 pt pitch of the usual Word 公文 template.
CONDENSE = -5

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

HEADING_FONTS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True), 4: (FANGSONG, False)}

EPOCH = dt.datetime(2000, 1, 1)  # the date of a document whose meta has none


def _need_docx() -> Any:
    try:
        import docx
    except ImportError:
        raise DjError('生成 DOCX 需要可选组件 python-docx，当前环境未安装。请运行：pip install "dangjian-cli[docx]"'
                      '（从源码目录安装的用 pip install -e ".[docx]"），然后重试。') from None
    return docx


def available() -> bool:
    """Whether the ``docx`` extra is installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


# --- XML helpers (what python-docx has no API for) ----------------------------------------


def _set_fonts(rpr: Any, east: str, latin: str | None = None) -> None:
    """rFonts with explicit names for every script and no theme fonts (which would win)."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    latin = latin or east
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east)
    fonts.set(qn("w:cs"), latin)


def _font(target: Any, east: str, size: float, bold: bool = False, italic: bool = False) -> None:
    """Font of a style or a run: names (eastAsia too), size, weight, black."""
    from docx.shared import Pt, RGBColor

    font = target.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(target.element.get_or_add_rPr(), east)


def _paragraph_format(fmt: Any, *, indent_chars: float = 2, exact: bool = True, align: Any = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, Twips

    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * indent_chars) if indent_chars else Pt(0)
    fmt.left_indent = Pt(0)
    fmt.right_indent = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Twips(LINE_TWIPS)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    fmt.widow_control = False


# pPr children that come after w:snapToGrid in the schema (CT_PPrBase's sequence).
_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_grid(ppr: Any) -> None:
    """w:snapToGrid off: the paragraph keeps its own line spacing instead of whole grid lines
    (a 22 pt title or 12 pt table text would otherwise take two lines, or one each)."""
    from docx.oxml.ns import qn

    _child(ppr, "w:snapToGrid", _AFTER_SNAP).set(qn("w:val"), "0")


def _doc_defaults(document: Any) -> None:
    """docDefaults: 仿宋_GB2312 16 pt, Chinese language (what any unstyled text falls back to)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FANGSONG)
    size = rpr.find(qn("w:sz"))
    if size is None:
        size = OxmlElement("w:sz")
        rpr.append(size)
    size.set(qn("w:val"), str(BODY_PT * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def _grid(section: Any) -> None:
    """w:docGrid of 22 lines in the 版心 (line pitch 28.95 pt).

    The 28 characters a line are made by the body's character spacing (:func:`_condense`), not
    by a character grid: with ``linesAndChars`` Word and WPS squeeze 16 pt characters into the
    15.79 pt pitch, but LibreOffice gives each character that does not fit one cell two cells,
    which prints 14 characters a line. Spacing −0.25 pt gives 28 characters everywhere.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    if grid.get(qn("w:charSpace")) is not None:
        del grid.attrib[qn("w:charSpace")]


# rPr children that come after w:spacing in the schema (CT_RPr's sequence).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                  "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                  "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _condense(rpr: Any, twentieths: int = CONDENSE) -> None:
    """Character spacing (w:spacing, in twentieths of a point; negative condenses)."""
    from docx.oxml.ns import qn

    _child(rpr, "w:spacing", _AFTER_SPACING).set(qn("w:val"), str(twentieths))


def _child(parent: Any, tag: str, after: tuple[str, ...]) -> Any:
    """parent's child tag, added before the first of the children the schema puts after it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        following = next((c for c in parent if c.tag in {qn(t) for t in after}), None)
        if following is None:
            parent.append(child)
        else:
            following.addprevious(child)
    return child


def _page_field(paragraph: Any) -> None:
    """“— PAGE —” as runs with a PAGE field between the dashes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str | None = None, field: str | None = None, instr: str | None = None) -> None:
        r = paragraph.add_run(text or "")
        _font(r, SONGTI, PAGE_NO_PT)
        if field is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            r._r.append(element)
        if instr is not None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instr
            r._r.append(element)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _footers(document: Any, section: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        fmt = paragraph.paragraph_format
        _paragraph_format(fmt, indent_chars=0, exact=False, align=align)
        setattr(fmt, f"{side}_indent", Pt(PAGE_NO_PT))  # one character from the edge
        _no_grid(paragraph._p.get_or_add_pPr())
        _page_field(paragraph)


def _styles(document: Any) -> dict[str, Any]:
    """Normal (the body), the title, four heading levels, table text, quotes."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    _font(normal, FANGSONG, BODY_PT)
    _condense(normal.element.get_or_add_rPr())
    _paragraph_format(normal.paragraph_format)

    def add(name: str, east: str, size: float, *, bold: bool = False, indent_chars: float = 2,
            exact: bool = True, align: Any = None, base: Any = normal) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base
        style.quick_style = True
        _font(style, east, size, bold=bold)
        _paragraph_format(style.paragraph_format, indent_chars=indent_chars, exact=exact, align=align)
        return style

    found = {
        "title": add("公文标题", XIAOBIAOSONG, TITLE_PT, indent_chars=0, exact=False, align=WD_ALIGN_PARAGRAPH.CENTER),
        "plain": add("公文顶格", FANGSONG, BODY_PT, indent_chars=0, align=WD_ALIGN_PARAGRAPH.LEFT),
        "quote": add("公文引文", KAITI, BODY_PT),
        "table": add("公文表格", FANGSONG, TABLE_PT, indent_chars=0, exact=False, align=WD_ALIGN_PARAGRAPH.LEFT),
    }
    found["title"].paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    found["table"].paragraph_format.line_spacing = 1.15
    for name in ("title", "table"):
        _no_grid(found[name].element.get_or_add_pPr())
    for level, (east, bold) in HEADING_FONTS.items():
        # The built-in heading styles, so Word's navigation pane shows the outline.
        style = styles[f"Heading {level}"]
        _font(style, east, BODY_PT, bold=bold)
        _condense(style.element.get_or_add_rPr())
        _paragraph_format(style.paragraph_format)
        style.paragraph_format.keep_with_next = True
        found[level] = style
    return found


# --- content ------------------------------------------------------------------------------


def _runs(paragraph: Any, runs: list[Run], east: str | None = None, size: float | None = None) -> None:
    from docx.shared import Pt

    for run in runs:
        pieces = run.text.split("\n")
        for n, piece in enumerate(pieces):
            if n:
                paragraph.add_run().add_break()
            if not piece:
                continue
            r = paragraph.add_run(piece)
            if run.bold:
                r.bold = True
            if run.italic:
                r.italic = True
            if run.strike:
                r.font.strike = True
            if east is not None:
                _set_fonts(r._r.get_or_add_rPr(), east)
            if size is not None:
                r.font.size = Pt(size)


def _column_widths(table: Table, columns: int, total: int, size: float) -> list[int]:
    """Widths (EMU) that follow the content. A short column (no body cell longer than five
    characters: a name, a grade, “已完成”) gets room for its longest cell, so it does not break;
    the long columns share the rest in proportion to what they hold (up to 14 characters), at
    least three characters each. Headers may wrap. Only when even that does not fit is every
    column narrowed alike."""
    em = size / 72 * 914400
    pad = 1.4  # the cell's own margins, in em
    least: list[float] = []
    want: list[float] = []
    for c in range(columns):
        cells = [text_width("".join(r.text for r in row[c])) if c < len(row) else 0.0 for row in table.rows]
        header = cells[0] if table.header and cells else 0.0
        body = max(cells[1:] if table.header else cells, default=0.0)
        short = body <= 5.0
        least.append(max(body if short else 3.0, min(header, 2.0), 1.0) + pad)
        want.append(max(min(body, 14.0), header / 2, 1.0) + pad if not short else least[-1])
    room = total / em
    if sum(want) <= room:
        share = [w * room / sum(want) for w in want]
    elif sum(least) >= room:
        share = [w * room / sum(least) for w in least]
    else:
        extra = room - sum(least)
        wanted = sum(w - m for w, m in zip(want, least))
        share = [m + (w - m) * extra / wanted for w, m in zip(want, least)]
    widths = [int(x * em) for x in share]
    widths[-1] += total - sum(widths)
    return widths


def _table(document: Any, table: Table, style: Any) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Emu, Mm

    columns = max((len(r) for r in table.rows), default=0)
    if not columns:
        return
    # A wide table (a ledger) in 五号 (10.5 pt) so its columns stay readable.
    size = TABLE_PT if columns <= 6 else SMALL_TABLE_PT
    grid = document.add_table(rows=len(table.rows), cols=columns)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = _column_widths(table, columns, int(Mm(PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])), size)
    for c, width in enumerate(widths):
        grid.columns[c].width = Emu(width)
    for r, row in enumerate(table.rows):
        header = table.header and r == 0
        if header:
            tr_pr = grid.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            tr_pr.append(repeat)
        for c in range(columns):
            cell = grid.cell(r, c)
            cell.width = Emu(widths[c])
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            runs = row[c] if c < len(row) else []
            _runs(paragraph, [Run(x.text, x.bold or header, x.italic, x.strike) for x in runs],
                  size=None if size == TABLE_PT else size)


def _signature(document: Any, styles: dict[str, Any], issuer: str, date_text: str) -> None:
    """落款: one line below the text, 署名 and 成文日期 right-aligned as 7.3.5.2 says."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    issuer_indent, date_indent = signature_indents(issuer, date_text)
    body = document.element.body
    last = body[-2] if len(body) >= 2 and body[-2].tag.endswith("}p") else None
    if last is not None:  # the last line of the text goes with the 落款 to a new page (7.3.5.1)
        last.get_or_add_pPr().keepNext_val = True
    blank = document.add_paragraph("", style=styles["plain"])  # 正文下空一行
    blank.paragraph_format.keep_with_next = True
    for text, indent in ((issuer, issuer_indent), (date_text, date_indent)):
        if not text:
            continue
        paragraph = document.add_paragraph(text, style=styles["plain"])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * indent)
        paragraph.paragraph_format.keep_with_next = text == issuer and bool(date_text)


def _core_properties(document: Any, doc: Document, when: dt.datetime) -> None:
    props = document.core_properties
    props.title = doc.title
    props.subject = ""
    props.author = (doc.meta or {}).get("issuer", "")
    props.last_modified_by = (doc.meta or {}).get("issuer", "")
    props.keywords = ""
    # dj:provenance {…}, read by dj report --verify. Written to the element itself: python-docx's
    # setter refuses more than 255 characters, which OOXML does not limit (Word and WPS keep it).
    props._element._get_or_add("description").text = (doc.meta or {}).get("provenance", "")
    props.category = ""
    props.identifier = doc.name
    props.language = "zh-CN"
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _when(doc: Document) -> dt.datetime:
    value = (doc.meta or {}).get("date")
    if not value:
        return EPOCH
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return EPOCH
    return dt.datetime(max(day.year, 1980), day.month, day.day)


def _normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same entries in the same order with fixed dates and attributes."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def to_docx(doc: Document, kind: str = "report") -> bytes:
    """The document as DOCX bytes laid out per GB/T 9704-2012.

    kind: "report" and "decision" print 主送机关 (``meta["recipients"]``), 文号 (``meta["doc_no"]``)
    and the 落款 (``meta["issuer"]`` and ``meta["date"]``); "letter" (责任书) prints neither
    主送机关 nor 落款, since its Markdown ends with the table the two sides sign.

    Raises:
        DjError: the ``docx`` extra (python-docx) is not installed; the message gives the pip command.
        ValueError: an unknown kind (a bug in the caller).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown DOCX kind {kind!r}; one of {', '.join(KINDS)}")
    docx = _need_docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    meta = doc.meta or {}
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    section.header_distance = Mm(15)
    _grid(section)
    _doc_defaults(document)
    styles = _styles(document)
    _footers(document, section)

    formal = kind != "letter"
    issuer = meta.get("issuer", "")
    date_text = cn_date(meta["date"]) if meta.get("date") else ""
    if formal and meta.get("doc_no"):
        document.add_paragraph(meta["doc_no"], style=styles["plain"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph("", style=styles["plain"])
    document.add_paragraph(doc.title, style=styles["title"])
    document.add_paragraph("", style=styles["plain"])  # 标题下空一行
    if formal and meta.get("recipients"):
        document.add_paragraph(recipients_line(meta["recipients"]), style=styles["plain"])

    body = blocks(doc.markdown, doc.title)

    def is_title(block: Any) -> bool:
        return isinstance(block, Heading) and block.depth == 1 and block.text.strip() == doc.title.strip()

    def plain(block: Any) -> str | None:
        return block.text if isinstance(block, Para) and not (block.prefix or block.quote or block.code) else None

    depths = [b.depth for b in body if isinstance(b, Heading) and not is_title(b)]
    shallowest = min(depths) if depths else 2
    signed = False  # the body ends with its own 署名 and 成文日期
    i = 0
    while i < len(body):
        block = body[i]
        signed = False
        following = body[i + 1] if i + 1 < len(body) else None
        if is_title(block):
            # The same title again starts the next document of the file (one 决定书 a person).
            title = document.add_paragraph(doc.title, style=styles["title"])
            title.paragraph_format.page_break_before = True
            document.add_paragraph("", style=styles["plain"])
        elif (plain(block) is not None and following is not None and plain(following) is not None
              and is_signature(plain(block) or "", plain(following) or "", issuer)):
            _signature(document, styles, block.text.strip(), following.text.strip())
            signed = True
            i += 2
            continue
        elif isinstance(block, Heading):
            level = heading_level(block.text, block.depth, shallowest)
            paragraph = document.add_paragraph(style=styles[level])
            _runs(paragraph, block.runs)
        elif isinstance(block, Para):
            style = styles["quote"] if block.quote else document.styles["Normal"]
            paragraph = document.add_paragraph(style=style)
            if block.indent:
                paragraph.paragraph_format.left_indent = Pt(BODY_PT * 2 * block.indent)
            runs = ([Run(block.prefix + " ")] if block.prefix else []) + block.runs
            _runs(paragraph, runs)
        elif isinstance(block, Table):
            _table(document, block, styles["table"])
        elif isinstance(block, Rule):
            document.add_paragraph("", style=styles["plain"])
        i += 1

    if formal and not signed and (issuer or date_text):
        _signature(document, styles, issuer, date_text)

    when = _when(doc)
    _core_properties(document, doc, when)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue(), when)
