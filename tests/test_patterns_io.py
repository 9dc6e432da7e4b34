import pytest

from pipeline.patterns_io import PatternFileError, load_word_list, load_yaml_mapping


def test_patterns_io_duplicate_keys_are_an_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n")
    with pytest.raises(PatternFileError, match=r"p.yaml: line 3: not valid YAML \(duplicate key 'a'\)"):
        load_yaml_mapping(path)


@pytest.mark.parametrize("content,message", [
    ("- a\n- b\n", "expected a mapping at the top level"),
    ("a: [1, 2\n", "not valid YAML"),
])
def test_patterns_io_bad_yaml(tmp_path, content, message):
    path = tmp_path / "p.yaml"
    path.write_text(content)
    with pytest.raises(PatternFileError, match=message):
        load_yaml_mapping(path)


def test_patterns_io_missing_file(tmp_path):
    with pytest.raises(PatternFileError, match="file not found"):
        load_yaml_mapping(tmp_path / "nope.yaml")


def test_patterns_io_word_list_skips_comments(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("# comment\nRowner\n\n  Portway  \n")
    assert load_word_list(path) == ["rowner", "portway"]
    assert load_word_list(path, lower=False) == ["Rowner", "Portway"]
