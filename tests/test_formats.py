"""dangjian_cli.formats: the self-contained HTML page and the GB/T 9704 DOCX, as a reader sees them.

HTML: charts inline as <svg>, nothing that points outside the page, record text escaped, same
bytes every time. DOCX: read back with python-docx (fonts in w:eastAsia, margins, grid, title,
headings, 落款, page numbers), same bytes every time, and converted to PDF by LibreOffice when
soffice is installed (.ci/run installs it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dangjian_cli.errors import DjError
from dangjian_cli.formats import to_docx, to_html
from dangjian_cli.reports import Chart, Document

TITLE = "关于2024年度落实党风廉政建设责任制情况的报告"

MARKDOWN = f"""# {TITLE}

2024年，院党组认真履行全面从严治党主体责任。现将有关情况报告如下。

## 一、主要工作和成效

### （一）责任分解

责任事项共**24**项，已签单22项，签单率91.7%（22/24）。

[chart:1]

#### 1. 理论学习

全年开展集中学习12次，其中*专题研讨*4次。

##### （1）学习形式

- 党组理论学习中心组学习
- 专题党课

1. 第一项
2. 第二项

> 一岗双责。

---

| 部门 | 事项 | 完成率 |
|---|---|---|
| 办公室 | 5 | 100.0%（5/5） |
| 第一检察部 | 4 | 75.0%（3/4） |

## 二、存在问题

记录原文 <script>alert(1)</script> 与 [链接](https://example.com/x) 与 ![图片](http://example.com/y.png)。
"""

META = {"issuer": "中共示例县人民检察院党组", "date": "2024-12-05",
        "recipients": "中共示例县委、示例县纪委监委", "doc_no": "示检党组〔2024〕12号"}


def report(**changes: Any) -> Document:
    fields: dict[str, Any] = dict(
        name="2024-annual", title=TITLE, markdown=MARKDOWN,
        charts=[
            Chart("stacked", "各责任主体每月活动", ["1月", "2月", "3月"], {"党组": [1, 2, 3], "纪检组": [2, 0, 1]}),
            Chart("pie", "测评等次分布", ["好", "较好", "一般", "差"], {"人数": [10, 5, 2, 0]}),
            Chart("matrix", "责任覆盖", ["廉洁自律", "抓班子带队伍"], {"张三": [1, 1], "李四": [0, 1]}),
            Chart("bar", "问题线索来源", ["信访", "巡察"], {"2024": [3, 2]}),
        ],
        meta=dict(META),
    )
    fields.update(changes)
    return Document(**fields)


# --- HTML ---------------------------------------------------------------------------------


def test_html_is_one_page_with_every_chart_inline_as_svg() -> None:
    page = to_html(report()).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in page
    assert '"— " counter(page) " —"' in page  # printed page numbers
    assert page.count("<svg") == 4 and page.count("</svg>") == 4
    for label in ("各责任主体每月活动", "测评等次分布", "责任覆盖", "问题线索来源", "党组", "纪检组", "廉洁自律", "张三"):
        assert label in page, label
    # [chart:1] puts the first chart where the Markdown says; the rest follow the body under 附图.
    assert page.index('id="chart-1"') < page.index("1. 理论学习") < page.index("附图") < page.index('id="chart-2"')
    assert "[chart:1]" not in page


def test_html_has_no_external_reference_and_no_script() -> None:
    page = to_html(report()).decode("utf-8")
    lowered = page.lower()
    for needle in ("http://", "https://", "src=", "href=", "url(", "@import", "<link", "<script", "<img", "<iframe"):
        assert needle not in lowered, needle
    # Link and image text stays, their addresses go.
    assert "链接" in page and "图片" in page and "example.com" not in page


def test_html_escapes_record_text() -> None:
    page = to_html(report()).decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    evil = report(title="<b>标题</b>", meta={**META, "issuer": "<i>机关</i>"})
    text = to_html(evil).decode("utf-8")
    assert "<b>标题</b>" not in text and "&lt;b&gt;标题&lt;/b&gt;" in text
    assert "<i>机关</i>" not in text


def test_html_layout_of_the_official_document() -> None:
    page = to_html(report()).decode("utf-8")
    assert f'<h1 class="title">{TITLE}</h1>' in page
    assert page.count(TITLE) == 2  # <title> and the title line; the Markdown's own "# 标题" is not repeated
    assert '<p class="recipients">中共示例县委、示例县纪委监委：</p>' in page
    assert '<p class="doc-no">示检党组〔2024〕12号</p>' in page
    # 落款 (7.3.5.2): 署名 two characters from the right, the date's first character two right of the 署名's.
    assert '<p class="signature issuer" style="padding-right: 2em">中共示例县人民检察院党组</p>' in page
    assert '<p class="signature date" style="padding-right: 5.5em">2024年12月5日</p>' in page
    levels = re.findall(r'<h\d class="level-(\d)">([^<]+)<', page)
    assert ("1", "一、主要工作和成效") in levels and ("2", "（一）责任分解") in levels
    assert ("3", "1. 理论学习") in levels and ("4", "（1）学习形式") in levels
    assert "<table>" in page and "<blockquote>" in page and "<hr" in page and "<ol>" in page and "<ul>" in page


def test_html_is_the_same_bytes_every_time() -> None:
    first, second = to_html(report()), to_html(report())
    assert first == second
    assert not re.search(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", first)  # no random ids
    assert b"dj-chart-1" in first and b"dj-chart-4" in first


def test_html_carries_the_provenance_in_a_comment() -> None:
    line = 'dj:provenance {"document": "annual", "params": {"note": "a -- b"}}'
    page = to_html(report(meta={**META, "provenance": line})).decode("utf-8")
    comment = re.search(r"<!-- (dj:provenance .*?) -->", page)
    assert comment is not None
    assert "--" not in comment.group(1)
    assert comment.group(1).replace("\\u002d", "-") == line


def test_unknown_chart_kind_is_a_bug_in_the_builder() -> None:
    with pytest.raises(ValueError):
        to_html(report(charts=[Chart("radar", "x", ["a"], {"s": [1]})]))


# --- DOCX ---------------------------------------------------------------------------------

def read(data: bytes) -> Any:
    docx = pytest.importorskip("docx")  # the test extra installs it
    return docx.Document(io.BytesIO(data))


def east_asia(element: Any) -> str | None:
    from docx.oxml.ns import qn

    fonts = element.find(".//" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_docx_page_is_a4_with_the_gbt9704_margins_and_grid() -> None:
    from docx.oxml.ns import qn

    document = read(to_docx(report()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
    assert margins == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines
    normal = document.styles["Normal"]
    assert normal.paragraph_format.line_spacing.twips == 579
    # 28 characters a line: 16 pt characters condensed to the 15.75 pt pitch.
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert spacing is not None and int(spacing.get(qn("w:val"))) == -5
    assert 28 * (16 - 0.25) <= section.page_width.pt - section.left_margin.pt - section.right_margin.pt


def test_docx_body_is_fangsong_gb2312_16pt_set_for_east_asian_text() -> None:
    document = read(to_docx(report()))
    normal = document.styles["Normal"]
    assert east_asia(normal.element) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.first_line_indent.pt == 32  # two characters
    body = [p for p in document.paragraphs if p.text.startswith("2024年，院党组")]
    assert len(body) == 1 and body[0].style.name == "Normal"


def test_docx_title_headings_and_their_fonts() -> None:
    document = read(to_docx(report()))
    texts = [p.text for p in document.paragraphs]
    assert texts.count(TITLE) == 1
    title = next(p for p in document.paragraphs if p.text == TITLE)
    assert east_asia(title.style.element) == "方正小标宋简体" and title.style.font.size.pt == 22
    assert title.style.paragraph_format.alignment == 1  # centred
    expected = {"一、主要工作和成效": ("Heading 1", "黑体", False), "（一）责任分解": ("Heading 2", "楷体_GB2312", False),
                "1. 理论学习": ("Heading 3", "仿宋_GB2312", True), "（1）学习形式": ("Heading 4", "仿宋_GB2312", False),
                "二、存在问题": ("Heading 1", "黑体", False)}
    for text, (style, font, bold) in expected.items():
        paragraph = next(p for p in document.paragraphs if p.text == text)
        assert paragraph.style.name == style, text
        assert east_asia(paragraph.style.element) == font, text
        assert bool(paragraph.style.font.bold) is bold, text
        assert paragraph.style.font.size.pt == 16, text
    assert "记录原文 <script>alert(1)</script> 与 链接 与 图片。" in texts
    assert "1. 第一项" in texts and "• 专题党课" in texts
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["部门", "事项", "完成率"]
    assert [c.text for c in table.rows[2].cells] == ["第一检察部", "4", "75.0%（3/4）"]


def test_docx_recipients_signature_date_and_page_numbers() -> None:
    from docx.oxml.ns import qn

    document = read(to_docx(report()))
    texts = [p.text for p in document.paragraphs]
    assert texts.index("示检党组〔2024〕12号") < texts.index(TITLE) < texts.index("中共示例县委、示例县纪委监委：")
    issuer = next(p for p in document.paragraphs if p.text == "中共示例县人民检察院党组")
    date = next(p for p in document.paragraphs if p.text == "2024年12月5日")  # Arabic numerals, no padding
    assert texts.index("中共示例县人民检察院党组") == texts.index("2024年12月5日") - 1 == len(texts) - 2
    assert issuer.alignment == date.alignment == 2  # right
    # 7.3.5.2: 署名 two characters from the right; the date's first character two right of the 署名's.
    assert issuer.paragraph_format.right_indent.pt == 32
    date_start = date.paragraph_format.right_indent.pt + 16 * 6.5
    assert date_start == issuer.paragraph_format.right_indent.pt + 16 * 12 - 32
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert east_asia(paragraph.runs[0]._r) == "宋体" and paragraph.runs[0].font.size.pt == 14


DECISIONS = """# 问责决定书

**关于给予张三同志谈话提醒的决定**

事实和依据。

中共示例县人民检察院党组

2024年11月5日

# 问责决定书

**关于给予李四同志谈话提醒的决定**

事实和依据。

中共示例县人民检察院党组

2024年11月5日
"""


def decisions() -> Document:
    return Document(name="2024-zz-02-decision", title="问责决定书", markdown=DECISIONS,
                    meta={"issuer": "中共示例县人民检察院党组", "date": "2024-11-05", "kind": "decision"})


def test_a_body_with_its_own_signature_and_several_documents() -> None:
    """A template that writes the 落款 itself (one 决定书 a person) gets it laid out as a 落款,
    not twice; the title repeated starts the next document on a new page."""
    document = read(to_docx(decisions(), kind="decision"))
    texts = [p.text for p in document.paragraphs]
    assert texts.count("中共示例县人民检察院党组") == 2 and texts.count("2024年11月5日") == 2
    assert texts.count("问责决定书") == 2
    titles = [p for p in document.paragraphs if p.text == "问责决定书"]
    assert not titles[0].paragraph_format.page_break_before and titles[1].paragraph_format.page_break_before
    assert all(p.alignment == 2 for p in document.paragraphs if p.text in {"中共示例县人民检察院党组", "2024年11月5日"})
    page = to_html(decisions()).decode("utf-8")
    assert page.count("中共示例县人民检察院党组") == 2 and page.count("<footer") == 0
    assert page.count('class="signature issuer"') == 2 and page.count('class="signature date"') == 2
    assert page.count('<h1 class="title new-page">问责决定书</h1>') == 1


def test_docx_letter_has_no_recipients_or_signature_lines() -> None:
    document = read(to_docx(report(), kind="letter"))
    texts = [p.text for p in document.paragraphs]
    assert TITLE in texts
    assert "中共示例县委、示例县纪委监委：" not in texts and "中共示例县人民检察院党组" not in texts
    assert "示检党组〔2024〕12号" not in texts
    with pytest.raises(ValueError):
        to_docx(report(), kind="memo")


def test_docx_is_the_same_bytes_every_time_dated_by_the_document() -> None:
    first, second = to_docx(report()), to_docx(report())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in archive.infolist()} == {(2024, 12, 5, 0, 0, 0)}
    props = read(first).core_properties
    assert props.title == TITLE and props.author == "中共示例县人民检察院党组"
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2024-12-05"
    assert props.revision == 1
    assert to_docx(report(meta={**META, "date": "2025-01-02"})) != first


def test_docx_carries_the_provenance_in_its_properties() -> None:
    line = 'dj:provenance {"document": "annual"}'
    assert read(to_docx(report(meta={**META, "provenance": line}))).core_properties.comments == line


def test_docx_without_the_extra_says_which_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    with pytest.raises(DjError) as raised:
        to_docx(report())
    assert 'pip install "dangjian-cli[docx]"' in raised.value.message


def test_assign_letter_writes_a_docx(cli: Any, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "张三责任书.docx"
    result = cli("-C", example, "assign", "letter", "张三", "--year", "2024", "--format", "docx", "-o", target)
    assert result.exit_code == 0, result.output
    document = read(target.read_bytes())
    texts = [p.text for p in document.paragraphs]
    assert texts.count("示例县人民检察院2024年度党风廉政建设责任书") == 1
    assert "一、责任目标" in texts and "五、签字和日期" in texts
    assert east_asia(document.styles["Normal"].element) == "仿宋_GB2312"
    assert [c.text for c in document.tables[-1].rows[1].cells] == ["责任人", "张三", "2024年3月18日"]
    again = tmp_path / "again.docx"
    assert cli("-C", example, "assign", "letter", "张三", "--year", "2024", "-f", "docx", "-o", again).exit_code == 0
    assert again.read_bytes() == target.read_bytes()
    # docx needs a file; text stays the Markdown it was.
    refused = cli("-C", example, "assign", "letter", "张三", "--year", "2024", "--format", "docx")
    assert refused.exit_code == 2 and "--output" in refused.output
    text = cli("-C", example, "assign", "letter", "张三", "--year", "2024")
    assert text.stdout.startswith("# 示例县人民检察院2024年度党风廉政建设责任书")


def test_assign_letter_writes_an_html_page(cli: Any, example: Path, tmp_path: Path) -> None:
    target = tmp_path / "letter.html"
    result = cli("-C", example, "assign", "letter", "张三", "--year", "2024", "--format", "html", "-o", target)
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<h1 class=\"title\">示例县人民检察院2024年度党风廉政建设责任书</h1>" in page
    assert "href=" not in page and "<script" not in page


# --- LibreOffice --------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_libreoffice_converts_the_report_and_the_letter_to_pdf(cli: Any, example: Path, tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(to_docx(report()))
    letter = tmp_path / "letter.docx"
    assert cli("-C", example, "assign", "letter", "张三", "--year", "2024", "-f", "docx", "-o", letter).exit_code == 0
    profile = tmp_path / "profile"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "report.docx"), str(letter)],
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for stem in ("report", "letter"):
        pdf = tmp_path / f"{stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), stem
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "关于2024年度落实党风廉政建设责任制情况" in flat and "一、主要工作和成效" in flat
    assert "中共示例县人民检察院党组" in flat and "2024年12月5日" in flat and "—1—" in flat
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        info = subprocess.run([pdfinfo, str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True)
        assert "595.3" in info.stdout and "841.89" in info.stdout  # A4 in points
    letter_text = re.sub(r"\s+", "", subprocess.run([pdftotext, str(tmp_path / "letter.pdf"), "-"], capture_output=True,
                                                    text=True, check=True).stdout)
    assert "示例县人民检察院2024年度党风廉政建设责任书" in letter_text and "五、签字和日期" in letter_text
