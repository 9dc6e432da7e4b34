"""Redaction operators: placeholders, mask, hash, encrypt/decrypt, redact, keep."""

import pytest

from pipeline.redact import (RedactionError, RedactionPolicy, Redactor, decrypt_text, load_key,
                             mask_value, redact_text)

TEXT = "Tom Reilly met Kayla. Tom Reilly gave her 07700 900123. Kayla called 07700 900456."


def ents(text):
    spans = []
    for kind, value in [("PERSON", "Tom Reilly"), ("PERSON", "Kayla"), ("PHONE_NUMBER", "07700 900123"),
                        ("PHONE_NUMBER", "07700 900456")]:
        start = 0
        while (start := text.find(value, start)) != -1:
            spans.append({"type": kind, "start": start, "end": start + len(value), "text": value})
            start += len(value)
    return sorted(spans, key=lambda e: e["start"])


def test_redact_placeholders_are_consistent_and_numbered_in_reading_order():
    out = Redactor().redact(TEXT, ents(TEXT))
    assert out == ("<PERSON_1> met <PERSON_2>. <PERSON_1> gave her <PHONE_NUMBER_1>. "
                   "<PERSON_2> called <PHONE_NUMBER_2>.")


def test_redact_numbering_restarts_per_document_unless_shared():
    other = "Kayla was seen."
    other_ents = [{"type": "PERSON", "start": 0, "end": 5, "text": "Kayla"}]
    separate = Redactor()
    separate.redact(TEXT, ents(TEXT))
    assert separate.redact(other, other_ents) == "<PERSON_1> was seen."
    shared = Redactor(shared=True)
    shared.redact(TEXT, ents(TEXT))
    assert shared.redact(other, other_ents) == "<PERSON_2> was seen."


@pytest.mark.parametrize("value,keep,expected", [
    ("07700 900123", 3, "07*** ***123"),
    ("07700900123", 4, "07*****0123"),
    ("Kayla", 0, "Ka***"),
])
def test_redact_mask_value(value, keep, expected):
    assert mask_value(value, keep) == expected


def test_redact_hash_is_deterministic_per_key_and_differs_across_keys():
    policy = RedactionPolicy(default="hash")
    a1 = Redactor(policy, key=b"k1").redact(TEXT, ents(TEXT))
    a2 = Redactor(policy, key=b"k1").redact(TEXT, ents(TEXT))
    b = Redactor(policy, key=b"k2").redact(TEXT, ents(TEXT))
    assert a1 == a2 and a1 != b
    tokens = [t for t in a1.split() if t.startswith("<PERSON#")]
    assert tokens[0] == tokens[2].rstrip(".")  # same person, same token
    assert "Tom" not in a1 and "07700" not in a1


def test_redact_encrypt_round_trip_and_wrong_key_fails():
    policy = RedactionPolicy(default="encrypt")
    out = Redactor(policy, key=b"secret").redact(TEXT, ents(TEXT))
    assert "Tom Reilly" not in out and "<ENC:PERSON:" in out
    assert decrypt_text(out, b"secret") == TEXT
    with pytest.raises(RedactionError, match="wrong key"):
        decrypt_text(out, b"other")


def test_redact_redact_and_keep_and_per_type():
    policy = RedactionPolicy(default="redact", per_type={"PERSON": "keep"})
    assert Redactor(policy).redact(TEXT, ents(TEXT)) == \
        "Tom Reilly met Kayla. Tom Reilly gave her . Kayla called ."


def test_redact_type_selection():
    assert redact_text(TEXT, ents(TEXT), types=["PHONE_NUMBER"]).startswith("Tom Reilly met Kayla.")


def test_redact_keyed_operators_need_a_key():
    with pytest.raises(RedactionError, match="need a key"):
        Redactor(RedactionPolicy(default="hash"))


def test_redact_unknown_operator():
    with pytest.raises(RedactionError, match="unknown operator"):
        RedactionPolicy(default="shred")


def test_redact_key_from_file_or_env(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("abc\n")
    assert load_key(key_file) == b"abc"
    assert load_key(None, env={"CPI_REDACT_KEY": "xyz"}) == b"xyz"
    assert load_key(None, env={}) is None
    (tmp_path / "empty").write_text("")
    with pytest.raises(RedactionError, match="empty"):
        load_key(tmp_path / "empty")


def test_redact_cli_encrypt_then_decrypt(tmp_path, capsys, monkeypatch):
    from pipeline.cli import main

    note = tmp_path / "note.txt"
    note.write_text("Kayla Brown was seen with Tom Reilly in a car HN19 XKD.")
    key = tmp_path / "key"
    key.write_text("a-long-secret")
    assert main(["redact", str(note), "--operator", "encrypt", "--key-file", str(key), "-o", str(tmp_path / "r.txt")]) == 0
    redacted = (tmp_path / "r.txt").read_text()
    assert "Kayla" not in redacted and "HN19" not in redacted
    assert main(["decrypt", str(tmp_path / "r.txt"), "--key-file", str(key)]) == 0
    assert capsys.readouterr().out == note.read_text()
    monkeypatch.delenv("CPI_REDACT_KEY", raising=False)
    assert main(["redact", str(note), "--operator", "hash"]) == 2
    assert "need a key" in capsys.readouterr().err
