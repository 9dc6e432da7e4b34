"""Reading submissions: JSONL, CSV, Excel, single documents and folders; one bad record never
stops the rest. No model needed."""

import json
from email.message import EmailMessage

import pytest

from pipeline.submissions import (InputError, RecordError, Submission, content_id, count_submissions,
                                  iter_submissions, read_document)

TEXT = "Tom Reilly was seen at Havant Park with a black VW Golf. His number is 07700 900123."
OTHER = "Kayla Brown (15) was seen getting into HN19 XKD on Winchester Road."


def make_docx(path, paragraphs=(), rows=()):
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
    document.save(path)
    return path


def make_eml(path, body, attachments=(), sender="Sarah Whitcombe <s.whitcombe@example.org>", html=False):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "cpi@example.police.uk"
    msg["Subject"] = "Concern"
    msg.set_content(body, subtype="html" if html else "plain")
    for name, data in attachments:
        if isinstance(data, str):
            msg.add_attachment(data, filename=name)
        else:
            msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path.write_bytes(bytes(msg))
    return path


def ids(items):
    return [(type(i).__name__, i.id) for i in items]


def test_submissions_jsonl_numbers_ids_and_gives_stable_content_ids(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps({"id": 7, "text": TEXT}), "", json.dumps({"text": OTHER}),
                              json.dumps({"id": "x", "text": " "})]) + "\n")
    items = list(iter_submissions(src))
    assert ids(items) == [("Submission", "7"), ("Submission", content_id(OTHER)), ("RecordError", "x")]
    assert [i.id for i in iter_submissions(src)] == [i.id for i in items]  # reruns give the same ids
    assert items[0].where == "line 1" and items[1].where == "line 3" and items[2].where == "line 4"
    assert count_submissions(src) == 3


def test_submissions_xlsx_rows_with_named_columns(tmp_path):
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ref", "received", "narrative", "reporter_name"])
    ws.append([1001, datetime.date(2024, 5, 1), TEXT, "Sarah Whitcombe"])
    ws.append([None, None, OTHER, None])
    ws.append([None, None, None, None])          # blank rows are skipped
    ws.append([1003.0, None, 12345, None])        # a number is not a narrative
    ws.append(["r4", None, "   ", None])
    src = tmp_path / "export.xlsx"
    wb.save(src)
    items = list(iter_submissions(src, id_field="ref", text_field="narrative"))
    assert ids(items) == [("Submission", "1001"), ("Submission", content_id(OTHER)),
                          ("RecordError", "1003"), ("RecordError", "r4")]
    assert items[0].reporter == {"name": "Sarah Whitcombe"} and items[0].where == "row 2"
    assert items[2].where == "row 5" and "non-text" in items[2].reason
    assert "empty text" in items[3].reason
    assert count_submissions(src) == 5  # the sheet's rows: cheap, not exact


@pytest.mark.parametrize("name,content,message", [
    ("nocol.xlsx", "sheet", "no 'text' column"),
    ("broken.xlsx", b"PK\x03\x04 not a zip", "not a readable .xlsx"),
])
def test_submissions_bad_xlsx_is_input_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content == "sheet":
        import openpyxl

        wb = openpyxl.Workbook()
        wb.active.append(["id", "body"])
        wb.active.append(["a", TEXT])
        wb.save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(iter_submissions(path))


def test_submissions_folder_one_submission_per_file_id_from_name(tmp_path):
    root = tmp_path / "overnight"
    (root / "week2").mkdir(parents=True)
    (root / "a-note.txt").write_text(TEXT)
    make_docx(root / "b-form.docx", paragraphs=[OTHER])
    make_eml(root / "c-mail.eml", "Hello,\n\n" + TEXT)
    (root / "week2" / "d-note.txt").write_text(OTHER)
    (root / "dup.txt").write_text(TEXT)
    make_docx(root / "dup.docx", paragraphs=[OTHER])
    (root / "empty.txt").write_text("  \n")
    (root / "latin1.txt").write_bytes("caf\xe9 at Havant Park".encode("latin-1"))
    (root / "corrupt.docx").write_bytes(b"this is not a zip file")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\0")
    (root / "~$b-form.docx").write_bytes(b"lock")
    items = list(iter_submissions(root))
    assert ids(items) == [
        ("Submission", "a-note"), ("Submission", "b-form"), ("Submission", "c-mail"),
        ("RecordError", "corrupt"), ("Submission", "dup.docx"), ("Submission", "dup.txt"),
        ("RecordError", "empty"), ("RecordError", "latin1"), ("RecordError", "scan"),
        ("Submission", "week2/d-note"),
    ]
    errors = {i.id: i for i in items if isinstance(i, RecordError)}
    assert "not a readable .docx" in errors["corrupt"].reason
    assert errors["empty"].reason == "empty text"
    assert "not UTF-8" in errors["latin1"].reason
    assert "unsupported file type '.pdf'" in errors["scan"].reason
    for error in errors.values():  # the place, never the text
        assert error.as_record()["file"].startswith(str(root)) and error.where == "file"
    by_id = {i.id: i for i in items}
    assert by_id["c-mail"].text.startswith("Hello,") and by_id["c-mail"].reporter["name"] == "Sarah Whitcombe"
    assert count_submissions(root) == len(items)


def test_submissions_single_documents(tmp_path):
    docx_path = make_docx(tmp_path / "form.docx", paragraphs=["Details of concern", TEXT],
                          rows=[["Name of child", "Kayla Brown"]])
    sub = next(iter_submissions(docx_path))
    assert sub == Submission("form", "Details of concern\n" + TEXT + "\nName of child: Kayla Brown")
    eml = make_eml(tmp_path / "mail.eml", "See attached.", [("note.txt", TEXT)])
    assert read_document(eml).text == "See attached.\n\n" + TEXT
    assert count_submissions(eml) == 1
    (tmp_path / "bad.docx").write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="not a readable .docx"):
        read_document(tmp_path / "bad.docx")


@pytest.mark.parametrize("setup,message", [
    ("emptydir", "folder has no files"),
    ("missing", "file not found"),
])
def test_submissions_bad_folder_input(tmp_path, setup, message):
    path = tmp_path / "in"
    if setup == "emptydir":
        path.mkdir()
        (path / ".hidden").write_text("x")
    with pytest.raises(InputError, match=message):
        iter_submissions(path)
