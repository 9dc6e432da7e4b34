"""Documents partners send: reading .docx forms and .eml e-mails into one submission text, and
writing a redacted copy of a .docx that keeps its layout.

Reading a .docx gives the body's paragraphs and tables in reading order, one line per paragraph.
A table row of two cells whose first cell is a short label ("Name of child" | "Tyler Bennett") is
read as one "Label: value" line, the way the same form reads as plain text, so the source-protection
rules see "Referrer name: ..." fields; other rows give one line per cell. Headers, footers, text
boxes, comments and footnotes are not read (see `redact_docx` for what happens to them).

Redaction works on edits (`Edit`: start, end, replacement) on the ORIGINAL text: the record's
source removals and one edit per entity kept (its operator's replacement), applied together. An
entity inside a removal disappears with it, so no second NLP pass is needed, and with every
entity operator "keep" the result is exactly the record's `sanitised_text`. The same edits
applied to a .docx change text run by run, so paragraphs and table cells keep their place and
formatting.

Nothing here logs or prints narrative text or entity values.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from email import policy as email_policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Iterator, Mapping, Sequence

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Wrappers whose children belong to the enclosing block, row or paragraph.
_TRANSPARENT = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"}
# Run content that is not part of the visible text of its paragraph.
_NOT_PARAGRAPH_TEXT = {_W + "del", _W + "moveFrom", _W + "txbxContent", _MC_FALLBACK}
_TEXT_ATOMS = "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"
_LABEL_MAX_WORDS = 8


class DocumentError(ValueError):
    """A document that cannot be read (corrupt, not a document). Never carries its text."""


# ----------------------------------------------------------------------------------------------
# Edits on the original text
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    replacement: str


class EntityOperators:
    """Replacement strings for entities under a redaction policy (pipeline.redact operators).

    Placeholders are numbered per document (call `start_document` before each one), or across a
    whole batch with `across_batch=True`, so <PERSON_1> is the same person in every record."""

    def __init__(self, policy=None, *, key: bytes | None = None, across_batch: bool = False):
        from pipeline.redact import RedactionPolicy, Redactor

        self.policy = policy or RedactionPolicy()
        self.key = key
        self.across_batch = across_batch
        # Redactor(shared=True) keeps its numbering between calls: one per document or batch.
        self._redactor = Redactor(self.policy, key=key, shared=True)  # checks the key now

    def start_document(self) -> None:
        if not self.across_batch:
            from pipeline.redact import Redactor

            self._redactor = Redactor(self.policy, key=self.key, shared=True)

    def applies_to(self, kind: str) -> bool:
        return self.policy.types is None or kind in self.policy.types

    def replacement(self, entity: Mapping) -> str:
        value = entity["text"]
        return self._redactor.redact(value, [{**entity, "start": 0, "end": len(value)}])


def redaction_edits(record: Mapping, operators: EntityOperators | None = None, *,
                    source_protection: bool = True) -> list[Edit]:
    """The edits turning the original text into the redacted (or, without operators, the
    sanitised) text: source removals plus entity replacements, non-overlapping, in order."""
    removals = [Edit(r["start"], r["end"], r["replacement"]) for r in record["source_removals"]] \
        if source_protection else []
    cuts = [(r.start, r.end) for r in removals]

    def inside_removal(e: Mapping) -> bool:
        return any(s < e["end"] and e["start"] < t for s, t in cuts)

    entity_edits: list[Edit] = []
    if operators is not None:
        last_end = -1
        for e in sorted(record["entities"], key=lambda e: (e["start"], -e["end"])):
            if not operators.applies_to(e["type"]) or e["start"] < last_end:
                continue
            if source_protection and (e.get("source") or inside_removal(e)):
                continue  # removed with the source passage
            entity_edits.append(Edit(e["start"], e["end"], operators.replacement(e)))
            last_end = e["end"]
    return sorted(removals + entity_edits)


class OffsetMap:
    """Maps spans of the original text into the text after `edits` (sorted, non-overlapping).
    A span that starts or ends inside an edit is widened to the whole replacement."""

    def __init__(self, edits: Sequence[Edit]):
        self._edits = []  # (old start, old end, new start, new end)
        delta = 0
        for e in edits:
            self._edits.append((e.start, e.end, e.start + delta, e.start + delta + len(e.replacement)))
            delta += len(e.replacement) - (e.end - e.start)

    def start(self, pos: int) -> int:
        shift = 0
        for old_start, old_end, new_start, new_end in self._edits:
            if old_start > pos:
                break
            if pos < old_end:
                return new_start
            shift = new_end - old_end  # an insertion at `pos` lands before the span
        return pos + shift

    def end(self, pos: int) -> int:
        shift = 0
        for old_start, old_end, new_start, new_end in self._edits:
            if old_start >= pos:
                break  # an insertion at `pos` lands after the span
            if pos <= old_end:
                return new_end
            shift = new_end - old_end
        return pos + shift

    def span(self, start: int, end: int) -> tuple[int, int]:
        new_start = self.start(start)
        return new_start, max(new_start, self.end(end))


# ----------------------------------------------------------------------------------------------
# .docx
# ----------------------------------------------------------------------------------------------

@dataclass
class _Paragraph:
    """One paragraph of the document: where its text sits in the extracted text and its runs."""
    element: object
    start: int = 0
    atoms: list = field(default_factory=list)   # [element, start offset in paragraph]
    text: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _children(element, tags: set[str]) -> Iterator:
    for child in element:
        if child.tag in _TRANSPARENT:
            yield from _children(child, tags)
        elif child.tag in tags:
            yield child


def _paragraph(p) -> _Paragraph:
    par = _Paragraph(p)
    pieces, offset = [], 0
    for r in p.iter(_W + "r"):
        node, skip = r.getparent(), False
        while node is not None and node is not p:
            if node.tag in _NOT_PARAGRAPH_TEXT:
                skip = True
                break
            node = node.getparent()
        if skip:
            continue
        for atom in r.xpath(_TEXT_ATOMS):
            text = str(atom)
            if text:
                par.atoms.append([atom, offset])
                pieces.append(text)
                offset += len(text)
    par.text = "".join(pieces)
    return par


# A unit is one line of the extracted text: its paragraphs and separators (label joins) in order.
_Unit = list


def _block_units(container) -> list[_Unit]:
    units: list[_Unit] = []
    for child in _children(container, {_W + "p", _W + "tbl"}):
        if child.tag == _W + "p":
            par = _paragraph(child)
            if par.text.strip() or (units and units[-1]):
                units.append([par] if par.text.strip() else [])
        else:
            units.extend(_table_units(child))
    while units and not units[-1]:
        units.pop()
    return units


def _table_units(tbl) -> list[_Unit]:
    units: list[_Unit] = []
    for tr in _children(tbl, {_W + "tr"}):
        cells = [[u for u in _block_units(tc) if u] for tc in _children(tr, {_W + "tc"})]
        cells = [c for c in cells if c]
        if len(cells) == 2 and len(cells[0]) == 1 and len(cells[0][0]) == 1 \
                and len(cells[0][0][0].text.split()) <= _LABEL_MAX_WORDS:
            label = cells[0][0][0]
            joiner = " " if label.text.rstrip().endswith((":", "-", "=")) else ": "
            units.append([label, joiner, *cells[1][0]])
            units.extend(cells[1][1:])
        else:
            for cell in cells:
                units.extend(cell)
    return units


@dataclass
class DocxText:
    """The text of a .docx for the pipeline, and the document itself for writing a redacted copy."""
    text: str
    document: object
    paragraphs: list[_Paragraph]


def read_docx(source: str | Path | IO[bytes]) -> DocxText:
    """Read the body of a .docx in reading order. Raises DocumentError if it is not a readable .docx."""
    import docx

    try:
        document = docx.Document(source)
    except Exception as err:  # zipfile, lxml and python-docx errors alike: the file is not usable
        raise DocumentError(f"not a readable .docx ({type(err).__name__})") from None
    pieces: list[str] = []
    paragraphs: list[_Paragraph] = []
    pos = 0
    for n, unit in enumerate(_block_units(document.element.body)):
        if n:
            pieces.append("\n")
            pos += 1
        for item in unit:
            if isinstance(item, str):
                pieces.append(item)
                pos += len(item)
            else:
                item.start = pos
                paragraphs.append(item)
                pieces.append(item.text)
                pos += len(item.text)
    return DocxText("".join(pieces), document, paragraphs)


def _edit_paragraph(par: _Paragraph, start: int, end: int, replacement: str) -> None:
    """Replace [start, end) of the paragraph's text (paragraph offsets), run by run: the
    replacement goes into the first text element touched, the rest loses the covered text."""
    pending = replacement
    for atom in par.atoms:
        element, offset = atom
        if element is None:
            continue
        text = str(element)
        atom_end = offset + len(text)
        touches = offset < end and start < atom_end
        inserts = bool(pending) and (offset <= start < atom_end or start == end == atom_end)
        if not touches and not inserts:
            continue
        if element.tag == _W + "t":
            cut_from, cut_to = max(start - offset, 0), max(min(end - offset, len(text)), 0)
            element.text = text[:cut_from] + pending + text[cut_to:]
            element.set(_XML_SPACE, "preserve")
            pending = ""
            continue
        # A tab or line break: the replacement goes beside it, and it goes if the edit covers it.
        if pending:
            (element.addnext if start >= atom_end else element.addprevious)(_new_t(pending))
            pending = ""
        if touches:
            element.getparent().remove(element)
            atom[0] = None
    if pending:
        last = next((a[0] for a in reversed(par.atoms) if a[0] is not None), None)
        if last is not None:
            last.addnext(_new_t(pending))


def _new_t(text: str):
    from docx.oxml import OxmlElement

    t = OxmlElement("w:t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return t


def apply_edits_to_docx(doc: DocxText, edits: Sequence[Edit]) -> None:
    """Apply edits (offsets into `doc.text`) to the document's runs. Text of an edit that falls
    between paragraphs (line breaks, label joins) has nothing to change in the document."""
    starts = [p.start for p in doc.paragraphs]
    per_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    for e in edits:
        first = True
        i = max(bisect_right(starts, e.start) - 1, 0)
        while i < len(doc.paragraphs) and doc.paragraphs[i].start <= e.end:
            par = doc.paragraphs[i]
            lo, hi = max(e.start, par.start), min(e.end, par.end)
            if lo < hi or (e.start == e.end and par.start <= e.start <= par.end):
                per_paragraph.setdefault(i, []).append((lo - par.start, hi - par.start,
                                                         e.replacement if first else ""))
                first = False
            i += 1
    for i, local in per_paragraph.items():
        for start, end, replacement in sorted(local, reverse=True):  # right to left keeps offsets valid
            _edit_paragraph(doc.paragraphs[i], start, end, replacement)


def _scrub_element(root, analysed: set) -> int:
    """Blank text the pipeline did not read: returns how many text elements were blanked."""
    count = 0
    for el in root.iter(_W + "t", _W + "delText", _W + "instrText"):
        if el in analysed or not (el.text or ""):
            continue
        el.text = ""
        count += 1
    for el in root.iter(_W + "fldSimple"):
        if el.get(_W + "instr"):
            el.set(_W + "instr", "")
            count += 1
    for el in root.iter(_W + "hyperlink"):
        if el.get(_R_ID):
            del el.attrib[_R_ID]  # a mailto:/web link can name the reporter
    return count


def scrub_unread_content(doc: DocxText) -> int:
    """Blank everything in the .docx that was not part of the analysed text, since nothing
    checked it: headers and footers (a letterhead names the source), text boxes, comments,
    footnotes, tracked deletions, field codes, hyperlink targets and the author properties."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import XmlPart
    from lxml import etree

    analysed = {a[0] for p in doc.paragraphs for a in p.atoms if a[0] is not None}
    main = doc.document.part
    count = _scrub_element(main.element, analysed)
    for rId, rel in list(main.rels.items()):
        if rel.reltype == RT.HYPERLINK and rel.is_external:
            main.rels.pop(rId)
            continue
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
            continue
        part = rel.target_part
        if isinstance(part, XmlPart):
            count += _scrub_element(part.element, set())
        else:  # python-docx keeps footnotes/endnotes as raw XML
            root = etree.fromstring(part.blob)
            count += _scrub_element(root, set())
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    props = doc.document.core_properties
    for name in ("author", "last_modified_by", "title", "subject", "keywords", "comments", "category",
                 "identifier", "content_status"):
        if getattr(props, name):
            setattr(props, name, "")
            count += 1
    return count


def redact_docx(doc: DocxText, edits: Sequence[Edit], output: IO[bytes]) -> int:
    """Write a redacted copy of the document to `output`: the edits applied run by run, and
    everything the pipeline did not read blanked. Returns the number of blanked items."""
    apply_edits_to_docx(doc, edits)
    blanked = scrub_unread_content(doc)
    doc.document.save(output)
    return blanked


# ----------------------------------------------------------------------------------------------
# .eml
# ----------------------------------------------------------------------------------------------

class _HtmlText(HTMLParser):
    _BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts).replace("\xa0", " ")
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in raw.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return parser.text()


@dataclass(frozen=True)
class EmailText:
    text: str
    reporter: dict[str, str]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocumentError(f"attachment is not UTF-8 text (undecodable byte at offset {err.start})") from None


def _message_parts(msg: EmailMessage) -> Iterator[str]:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        yield html_to_text(content) if body.get_content_type() == "text/html" else content
    for part in msg.iter_attachments():
        if part.get_content_type() == "message/rfc822":  # a forwarded e-mail
            inner = part.get_content()
            if isinstance(inner, EmailMessage):
                yield from _message_parts(inner)
            continue
        suffix = Path(part.get_filename() or "").suffix.lower()
        if suffix == ".txt":
            content = part.get_content()
            yield content if isinstance(content, str) else _decode(content)
        elif suffix == ".docx":
            yield read_docx(io.BytesIO(part.get_payload(decode=True) or b"")).text


def read_eml(data: bytes) -> EmailText:
    """The body (plain text, or HTML as text) and the .txt/.docx attachments of an e-mail, in
    order, separated by blank lines; the sender's name and address as reporter fields, so source
    protection removes them wherever they appear."""
    try:
        msg = BytesParser(policy=email_policy.default).parsebytes(data)
        parts = [p.strip("\n") for p in _message_parts(msg)]
        sender = msg["From"]
        addresses = getattr(sender, "addresses", ()) if sender is not None else ()
    except DocumentError:
        raise
    except Exception as err:
        raise DocumentError(f"not a readable e-mail ({type(err).__name__})") from None
    reporter: dict[str, str] = {}
    if addresses:
        if addresses[0].display_name:
            reporter["name"] = addresses[0].display_name
        if addresses[0].addr_spec and "@" in addresses[0].addr_spec:
            reporter["email"] = addresses[0].addr_spec
    return EmailText("\n\n".join(p for p in parts if p.strip()), reporter)

