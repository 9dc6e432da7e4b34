import pytest

from pipeline.model import ModelConfig, ModelError, load_nlp, resolve_model_location


def test_model_default_loads_md_with_senter_and_ner_only(nlp):
    assert nlp.lang == "en"
    assert nlp.meta["name"] == "core_web_md"
    assert nlp.meta["version"].startswith("3.8.")
    # NER and senter carry their own tok2vec; the shared tok2vec, tagger and lemmatizer are excluded
    assert nlp.pipe_names == ["senter", "ner"]
    doc = nlp("Kayla was seen in Southampton. She got into a car.")
    assert len(list(doc.sents)) == 2


def test_model_config_can_bring_back_excluded_components():
    nlp = load_nlp(ModelConfig(disable=("parser",), enable=("senter",)))
    assert {"tok2vec", "tagger", "lemmatizer", "senter", "ner"} <= set(nlp.pipe_names)
    doc = nlp("She was strangling him.")
    assert doc.has_annotation("TAG") and doc.has_annotation("LEMMA")


def test_model_config_yaml_without_components_uses_the_defaults(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model: default\n")
    assert ModelConfig.from_yaml(cfg).disable == ModelConfig().disable


def test_model_config_read_from_yaml(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("model: /somewhere/else\nexpect: {lang: en, version: '>=3.8,<3.9'}\nbatch_size: 8\n")
    config = ModelConfig.from_yaml(cfg)
    assert config.model == "/somewhere/else" and config.batch_size == 8


def test_model_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="not found at path"):
        load_nlp(ModelConfig(model=str(tmp_path / "no-model-here")))


def test_model_missing_package_is_a_clear_error():
    with pytest.raises(ModelError, match="could not be loaded"):
        load_nlp(ModelConfig(model="en_core_web_doesnotexist"))


def test_model_wrong_version_is_rejected():
    with pytest.raises(ModelError, match="has version 3.8.0, expected >=4.0"):
        load_nlp(ModelConfig(version=">=4.0"))


def test_model_config_file_missing(tmp_path):
    with pytest.raises(ModelError, match="config file not found"):
        ModelConfig.from_yaml(tmp_path / "nope.yaml")


def test_model_default_resolves_to_vendored_path():
    assert resolve_model_location("default").endswith("_model")
    assert resolve_model_location("en_core_web_sm") == "en_core_web_sm"
