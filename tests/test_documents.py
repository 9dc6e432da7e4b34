"""Documents: .docx/.eml reading, redaction edits on the original text, .docx redaction that keeps
the layout, and `cpi redact` (source protection, operators, keys)."""

import io
import json
import sys

import pytest

from pipeline.cli import main
from pipeline.sanitise import apply_edits
from pipeline.documents import (Edit, EntityOperators, OffsetMap, read_docx, read_eml,
                                redact_docx, redaction_edits)
from pipeline.redact import RedactionPolicy
from tests.test_submissions import make_docx, make_eml

REPORTER_NOTE = ("I am the DSL at Kingsway Academy. Tyler Bennett (15) was seen getting into a grey Vauxhall "
                 "Astra HN19 XKD on Bitterne Road. He gets calls from 07700 900481. Please contact me on "
                 "01632 960214.\nKind regards,\nSarah Whitcombe\nDSL, Kingsway Academy")
REPORTER_VALUES = ("Sarah Whitcombe", "01632 960214", "Kingsway Academy")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cpi_form(path):
    """A CPI form as partners send it: a table of fields, then the narrative in mixed runs."""
    import docx

    document = docx.Document()
    document.core_properties.author = "Sarah Whitcombe"
    document.sections[0].header.paragraphs[0].text = "Kingsway Academy - Safeguarding"
    document.add_heading("Community Partnership Information", 1)
    table = document.add_table(rows=4, cols=2)
    for i, (label, value) in enumerate([("Referrer name", "Sarah Whitcombe"),
                                        ("Referrer organisation", "Kingsway Academy"),
                                        ("Referrer phone", "01632 960214"), ("Name of child", "Tyler Bennett")]):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = value
    document.add_paragraph("Details of concern")
    para = document.add_paragraph("Tyler has been seen getting into a grey Vauxhall Astra ")
    para.add_run("HN19 XKD").bold = True
    para.add_run(" with ")
    para.add_run("Jordan ").italic = True
    para.add_run("Lloyd on Bitterne Road. He gets calls from 07700 900481.")
    document.save(path)
    return path


# -- reading -----------------------------------------------------------------------------------

def test_documents_docx_reading_order_labels_and_merged_cells(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Before the table")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Details of concern"   # one merged cell, read once
    table.cell(1, 0).text = "Name:"
    table.cell(1, 1).text = "Tom Reilly"
    table.cell(2, 0).text = "Havant Park"
    table.cell(2, 1).text = "Southampton"
    table.cell(2, 2).text = "HN19 XKD"
    document.add_paragraph("")
    document.add_paragraph("After the table")
    document.save(tmp_path / "f.docx")
    doc = read_docx(tmp_path / "f.docx")
    assert doc.text == ("Before the table\nDetails of concern\nName: Tom Reilly\nHavant Park\nSouthampton\n"
                        "HN19 XKD\n\nAfter the table")
    for par in doc.paragraphs:  # every paragraph knows where its text sits
        assert doc.text[par.start:par.end] == par.text


def test_documents_eml_body_attachments_and_sender(tmp_path):
    form = make_docx(tmp_path / "form.docx", paragraphs=["Tyler Bennett was seen at Havant Park."])
    eml = make_eml(tmp_path / "m.eml", "Please see the attached.\n\nThanks",
                   [("note.txt", "Seen with Jordan Lloyd."), ("form.docx", form.read_bytes()),
                    ("photo.jpg", b"\xff\xd8 not text")])
    email = read_eml(eml.read_bytes())
    assert email.text == ("Please see the attached.\n\nThanks\n\nSeen with Jordan Lloyd.\n\n"
                          "Tyler Bennett was seen at Havant Park.")
    assert email.reporter == {"name": "Sarah Whitcombe", "email": "s.whitcombe@example.org"}
    html = make_eml(tmp_path / "h.eml", "<html><body><p>Tyler was seen.</p><p>Kind regards<br>Sam</p>"
                                        "<script>x()</script></body></html>", html=True)
    assert read_eml(html.read_bytes()).text == "Tyler was seen.\n\nKind regards\nSam"


# -- edits on the original text ------------------------------------------------------------------

# fmt: off
OFFSET_CASES = [
    # edits,                                             span,     mapped
    ([Edit(0, 5, "")],                                   (10, 15), (5, 10)),
    ([Edit(0, 5, "<P_1>XX")],                            (10, 15), (12, 17)),
    ([Edit(10, 15, "<PERSON_1>")],                       (10, 15), (10, 20)),
    ([Edit(12, 20, "")],                                 (10, 15), (10, 12)),   # cut into: widened to the edit
    ([Edit(10, 10, "A third party ")],                   (10, 15), (24, 29)),   # insertion before the span
    ([Edit(15, 15, "!")],                                (10, 15), (10, 15)),   # insertion after the span
    ([Edit(0, 2, ""), Edit(20, 30, "x")],                (25, 40), (18, 29)),
]
# fmt: on


@pytest.mark.parametrize("edits,span,mapped", OFFSET_CASES)
def test_documents_offset_map(edits, span, mapped):
    assert OffsetMap(edits).span(*span) == mapped


def test_documents_entities_inside_a_removal_go_with_it():
    text = "Sarah Whitcombe reports that Tom Reilly met Kayla. Tom Reilly called 07700 900123."
    record = {
        "source_removals": [{"start": 0, "end": 29, "reason": "reporter_name", "replacement": "It is reported that "}],
        "entities": [
            {"type": "PERSON", "start": 0, "end": 15, "text": "Sarah Whitcombe", "source": True},
            {"type": "PERSON", "start": 29, "end": 39, "text": "Tom Reilly", "source": False},
            {"type": "PERSON", "start": 44, "end": 49, "text": "Kayla", "source": False},
            {"type": "PERSON", "start": 51, "end": 61, "text": "Tom Reilly", "source": False},
            {"type": "PHONE_NUMBER", "start": 69, "end": 81, "text": "07700 900123", "source": False},
        ],
    }
    ops = EntityOperators()
    ops.start_document()
    assert apply_edits(text, redaction_edits(record, ops)) == \
        "It is reported that <PERSON_1> met <PERSON_2>. <PERSON_1> called <PHONE_NUMBER_1>."
    assert apply_edits(text, redaction_edits(record)) == "It is reported that " + text[29:]
    ops.start_document()
    assert apply_edits(text, redaction_edits(record, ops, source_protection=False)).startswith(
        "<PERSON_1> reports that <PERSON_2> met")
    only_phones = EntityOperators(RedactionPolicy(types=frozenset({"PHONE_NUMBER"})))
    only_phones.start_document()
    assert apply_edits(text, redaction_edits(record, only_phones)).endswith("Tom Reilly called <PHONE_NUMBER_1>.")


def test_documents_rewrite_inserted_before_an_entity_keeps_it_redacted():
    text = "I saw Tom Reilly at Havant Park."
    record = {"source_removals": [{"start": 0, "end": 6, "reason": "first_person", "replacement": ""},
                                  {"start": 6, "end": 6, "reason": "first_person", "replacement": "A third party saw "}],
              "entities": [{"type": "PERSON", "start": 6, "end": 16, "text": "Tom Reilly", "source": False}]}
    ops = EntityOperators()
    ops.start_document()
    edits = redaction_edits(record, ops)
    assert apply_edits(text, edits) == "A third party saw <PERSON_1> at Havant Park."
    assert OffsetMap(edits).span(6, 16) == (18, 28)


def test_documents_edits_give_the_sanitised_text(cpi):
    """Source removals and entity edits applied together on the original text: with every operator
    "keep" the result is exactly the record's sanitised text, so no second NLP pass is needed."""
    texts = [REPORTER_NOTE, json.loads(open("data/samples/submissions.jsonl").readline())["text"]]
    keep = EntityOperators(RedactionPolicy(default="keep"))
    for n, (record, text) in enumerate(zip(cpi.pipe(_subs(texts)), texts)):
        assert record["source_removals"], n
        keep.start_document()
        assert apply_edits(text, redaction_edits(record)) == record["sanitised_text"]
        assert apply_edits(text, redaction_edits(record, keep)) == record["sanitised_text"]


def _subs(texts):
    from pipeline.submissions import Submission

    return [Submission(f"t{n}", t) for n, t in enumerate(texts)]


# -- .docx redaction ------------------------------------------------------------------------------

def test_documents_docx_edit_across_runs_keeps_layout_and_formatting(tmp_path):
    import docx

    document = docx.Document()
    para = document.add_paragraph("Seen with ")
    para.add_run("Jordan ").bold = True
    para.add_run("Lloyd\tby the shop.")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "Tom Reilly"
    document.save(tmp_path / "in.docx")
    doc = read_docx(tmp_path / "in.docx")
    edits = [Edit(doc.text.index("Jordan"), doc.text.index("Lloyd") + 5, "<PERSON_1>"),
             Edit(doc.text.index("Tom"), len(doc.text), "<PERSON_2>")]
    with open(tmp_path / "out.docx", "wb") as handle:
        redact_docx(doc, edits, handle)
    back = docx.Document(tmp_path / "out.docx")
    runs = back.paragraphs[0].runs
    assert [r.text for r in runs] == ["Seen with ", "<PERSON_1>", "\tby the shop."]
    assert runs[1].bold  # the placeholder takes the formatting of the text it replaces
    assert back.tables[0].cell(0, 1).text == "<PERSON_2>" and back.tables[0].cell(0, 0).text == ""


def test_documents_cli_redacts_a_docx_form_and_reads_back(capsys, tmp_path):
    import docx

    form = cpi_form(tmp_path / "referral.docx")
    original = docx.Document(form)
    code, out, err = run(capsys, "redact", str(form))
    assert code == 0 and out == ""
    target = tmp_path / "referral.redacted.docx"
    assert str(target) in err and "blanked" in err
    back = docx.Document(target)
    # Layout: the same paragraphs and table cells in the same places.
    assert len(back.paragraphs) == len(original.paragraphs) and len(back.tables) == 1
    assert len(back.tables[0].rows) == 4 and back.tables[0].cell(3, 0).text.startswith("Name of")
    assert back.tables[0].cell(0, 1).text == ""            # the reporter's row is removed
    text = read_docx(target).text
    for value in (*REPORTER_VALUES, "Tyler Bennett", "HN19 XKD", "Jordan Lloyd", "07700 900481"):
        assert value not in text
    assert "<UK_VEHICLE_REGISTRATION_1>" in text and "<PHONE_NUMBER_1>" in text
    narrative = back.paragraphs[-1]
    bold = [r.text for r in narrative.runs if r.bold]
    assert bold == ["<UK_VEHICLE_REGISTRATION_1>"]       # redacted run by run, formatting kept
    assert back.core_properties.author == ""
    assert all(not p.text for p in back.sections[0].header.paragraphs)  # letterhead names the source
    for value in REPORTER_VALUES:
        assert value not in err


def test_documents_cli_redact_docx_to_text(capsys, tmp_path):
    form = cpi_form(tmp_path / "referral.docx")
    code, _, _ = run(capsys, "redact", str(form), "-o", str(tmp_path / "out.txt"), "--entities", "PHONE_NUMBER")
    assert code == 0
    text = (tmp_path / "out.txt").read_text()
    assert "<PHONE_NUMBER_1>" in text and "HN19 XKD" in text and "Sarah Whitcombe" not in text


# -- cpi redact on text ------------------------------------------------------------------------

@pytest.fixture
def reporter_note(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(REPORTER_NOTE)
    return path


def test_documents_cli_redact_source_protection_on_and_off(capsys, reporter_note, tmp_path):
    code, out, err = run(capsys, "redact", str(reporter_note), "--audit", str(tmp_path / "audit.json"))
    assert code == 0
    assert out.startswith("<PERSON_1> (15) was seen getting into a <VEHICLE_1> <UK_VEHICLE_REGISTRATION_1>")
    for value in (*REPORTER_VALUES, "DSL", "contact me"):
        assert value not in out
    audit = json.loads((tmp_path / "audit.json").read_text())
    assert audit["id"] == "note" and audit["source_removals"]
    assert {e["text"] for e in audit["source_entities"]} >= {"Sarah Whitcombe", "01632 960214"}
    code, out, _ = run(capsys, "redact", str(reporter_note), "--no-source-protection")
    assert code == 0 and out.startswith("I am the DSL at <ORGANIZATION_1>.")
    assert "<PERSON_2>" in out and "Sarah Whitcombe" not in out  # the reporter is an entity like any other


def test_documents_cli_redact_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORTER_NOTE.encode())))
    code, out, _ = run(capsys, "redact", "-", "--operator", "mask")
    assert code == 0 and "07*** ***481" in out and "Sarah" not in out


def test_documents_cli_hash_is_deterministic_per_key(capsys, reporter_note, tmp_path, monkeypatch):
    key1, key2 = tmp_path / "k1", tmp_path / "k2"
    key1.write_text("first synthetic key\n")
    key2.write_text("second synthetic key\n")
    outs = []
    for key in (key1, key1, key2):
        code, out, _ = run(capsys, "redact", str(reporter_note), "--operator", "hash", "--key-file", str(key))
        assert code == 0
        outs.append(out)
    assert outs[0] == outs[1] and outs[0] != outs[2]
    assert "<PERSON#" in outs[0] and "Tyler" not in outs[0]
    monkeypatch.setenv("CPI_REDACT_KEY", "first synthetic key")
    assert run(capsys, "redact", str(reporter_note), "--operator", "hash")[1] == outs[0]  # env = same key
    monkeypatch.delenv("CPI_REDACT_KEY")
    code, _, err = run(capsys, "redact", str(reporter_note), "--operator", "hash")
    assert code == 2 and "need a key" in err


def test_documents_cli_encrypt_decrypt_round_trip(capsys, reporter_note, tmp_path):
    key = tmp_path / "key"
    key.write_text("synthetic key for tests")
    enc = tmp_path / "enc.txt"
    code, _, _ = run(capsys, "redact", str(reporter_note), "--no-source-protection", "--operator", "encrypt",
                     "--key-file", str(key), "-o", str(enc))
    assert code == 0
    assert "<ENC:PERSON:" in enc.read_text() and "Tyler" not in enc.read_text()
    code, out, _ = run(capsys, "decrypt", str(enc), "--key-file", str(key))
    assert code == 0 and out == REPORTER_NOTE
    # With source protection the reporter is gone for good; the entities left decrypt back.
    code, _, _ = run(capsys, "redact", str(reporter_note), "--operator", "encrypt", "--key-file", str(key),
                     "-o", str(enc))
    code, out, _ = run(capsys, "decrypt", str(enc), "--key-file", str(key))
    assert code == 0 and out.startswith("Tyler Bennett (15)") and "Sarah Whitcombe" not in out
