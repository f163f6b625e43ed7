"""A Document as one self-contained HTML page: read on screen, print on A4.

Nothing in the page points outside it: no fonts, scripts, style sheets or images are linked
(charts are inline SVG, see :mod:`.charts`), links in the Markdown keep only their text, and
raw HTML in the Markdown is shown as text. The same Document always gives the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..dates import cn_date
from ..reports import Document
from . import charts as _charts
from .gongwen import recipients_line, signature_indents
from .markdown import body_tokens, chart_mark, parser

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", serif; font-size: 14pt; padding-right: 1em; vertical-align: top; padding-top: 7mm; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", serif; font-size: 14pt; padding-left: 1em; vertical-align: top; padding-top: 7mm; } }
:root { color: #111; background: #fff; }
body { margin: 0 auto; max-width: 168mm; padding: 12mm 8mm 20mm;
  font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt; line-height: 1.8; text-align: justify; }
h1.title { font-family: "方正小标宋简体", "华文中宋", "STZhongsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
p.doc-no { text-align: center; margin: 0 0 .5em; }
p.recipients { text-indent: 0; margin: 0; }
main h1, main h2, main h3, main h4, main h5, main h6 { font-size: 16pt; margin: 0; text-indent: 2em; line-height: 1.8; }
main .level-1 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal; }
main .level-2 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", serif; font-weight: normal; }
main .level-3 { font-weight: bold; }
main .level-4 { font-weight: normal; }
main p { margin: 0; text-indent: 2em; }
main li p, main td p, main th p { text-indent: 0; }
main ol, main ul { margin: 0; padding-left: 4em; }
blockquote { margin: .3em 0 .3em 2em; padding-left: 1em; border-left: 3px solid #bbb;
  font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", serif; }
hr { border: 0; border-top: 1px solid #999; margin: .8em 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: 12pt; line-height: 1.5; }
th, td { border: 1px solid #333; padding: 2pt 5pt; vertical-align: top; text-align: left; }
th { background: #f2f2f2; }
figure.chart { margin: 1em 0; text-indent: 0; page-break-inside: avoid; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
figure.chart figcaption { text-align: center; font-size: 12pt; }
section.charts > h2 { text-indent: 0; }
footer.signature { margin-top: 1.8em; }
main p.signature.issuer { margin-top: 1.8em; }
p.signature { text-indent: 0; margin: 0; text-align: right; }
h1.title.new-page { break-before: page; margin-top: 2em; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


def _renderer_rules(md: Any) -> None:
    """Links and images keep only their text; headings carry the 公文 level as a class."""
    if getattr(md, "_dj_rules", False):
        return

    def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return '<span class="link">'

    def link_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return "</span>"

    def image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        return f'<span class="image">{escape(alt)}</span>'

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("link_close", link_close)
    md.add_render_rule("image", image)
    md._dj_rules = True


def _body(doc: Document) -> tuple[str, set[int], bool]:
    """The Markdown as HTML, with ``[chart:N]`` paragraphs replaced by the chart; the N placed,
    and whether the body ends with its own 署名 and 成文日期."""
    from .gongwen import is_signature, signature_indents
    from .markdown import heading_level

    md = parser()
    _renderer_rules(md)
    tokens = body_tokens(doc.markdown, doc.title)
    issuer = (doc.meta or {}).get("issuer", "")

    def is_title(i: int) -> bool:
        return (tokens[i].type == "heading_open" and tokens[i].tag == "h1"
                and tokens[i + 1].content.strip() == doc.title.strip())

    def paragraph(i: int) -> str | None:
        """The text of a top-level paragraph starting at tokens[i]."""
        if i + 2 < len(tokens) and tokens[i].type == "paragraph_open" and tokens[i].level == 0:
            return tokens[i + 1].content
        return None

    depths = [int(t.tag[1]) for i, t in enumerate(tokens) if t.type == "heading_open" and not is_title(i)]
    shallowest = min(depths) if depths else 2
    signed_at = -1
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            if is_title(i):  # the next document of the file (one 决定书 a person)
                tok.attrSet("class", "title new-page")
            else:
                text = tokens[i + 1].content
                tok.attrSet("class", f"level-{heading_level(text, int(tok.tag[1]), shallowest)}")
        first, second = paragraph(i), paragraph(i + 3)
        if first is not None and second is not None and is_signature(first, second, issuer):
            issuer_indent, date_indent = signature_indents(first.strip(), second.strip())
            tok.attrSet("class", "signature issuer")
            tok.attrSet("style", f"padding-right: {issuer_indent:g}em")
            tokens[i + 3].attrSet("class", "signature date")
            tokens[i + 3].attrSet("style", f"padding-right: {date_indent:g}em")
            signed_at = i + 5
    parts: list[str] = []
    placed: set[int] = set()
    start = 0
    i = 0
    while i < len(tokens):
        number = chart_mark(tokens, i)
        if number is not None and 1 <= number <= len(doc.charts):
            parts.append(md.renderer.render(tokens[start:i], md.options, {}))
            parts.append(_figure(doc.charts[number - 1], number))
            placed.add(number)
            i += 3
            start = i
            continue
        i += 1
    parts.append(md.renderer.render(tokens[start:], md.options, {}))
    return "".join(parts), placed, signed_at == len(tokens) - 1


def _figure(chart: Any, number: int) -> str:
    return (f'<figure class="chart" id="chart-{number}">\n{_charts.svg(chart, number)}\n'
            f"<figcaption>图{number}　{escape(chart.title)}</figcaption>\n</figure>\n")


def to_html(doc: Document) -> bytes:
    """The document as one self-contained, printable HTML page (UTF-8 bytes)."""
    meta = doc.meta or {}
    body, placed, signed = _body(doc)
    rest = [n for n in range(1, len(doc.charts) + 1) if n not in placed]
    out = ["<!DOCTYPE html>"]
    if meta.get("provenance"):
        # Where the page came from (actions/report.py reads it back); "--" cannot end the comment.
        line = meta["provenance"].replace("--", "-\\u002d")
        out.append(f"<!-- {line} -->")
    out += [
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f'<article class="document" data-name="{escape(doc.name)}">',
    ]
    if meta.get("doc_no"):
        out.append(f'<p class="doc-no">{escape(meta["doc_no"])}</p>')
    out.append(f'<h1 class="title">{escape(doc.title)}</h1>')
    if meta.get("recipients"):
        out.append(f'<p class="recipients">{escape(recipients_line(meta["recipients"]))}</p>')
    out.append("<main>")
    out.append(body.rstrip("\n"))
    if rest:
        out.append('<section class="charts">')
        out.append('<h2 class="level-1">附图</h2>')
        out.extend(_figure(doc.charts[n - 1], n).rstrip("\n") for n in rest)
        out.append("</section>")
    out.append("</main>")
    if (meta.get("issuer") or meta.get("date")) and not signed:
        issuer = meta.get("issuer", "")
        date_text = cn_date(meta["date"]) if meta.get("date") else ""
        issuer_indent, date_indent = signature_indents(issuer, date_text)
        out.append('<footer class="signature">')
        if issuer:
            out.append(f'<p class="signature issuer" style="padding-right: {issuer_indent:g}em">{escape(issuer)}</p>')
        if date_text:
            out.append(f'<p class="signature date" style="padding-right: {date_indent:g}em">{escape(date_text)}</p>')
        out.append("</footer>")
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")
