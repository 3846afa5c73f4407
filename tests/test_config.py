import pytest

from armswatch.config import load_settings
from armswatch.errors import BadSetting
from armswatch.nlp import split_for_parser


def test_defaults_ship_with_the_package():
    settings = load_settings(env={})
    assert settings.get("store.url").startswith("sqlite:///")
    assert settings.get("nlp.model") == "auto"


def test_user_file_overrides_only_its_keys(tmp_path):
    user = tmp_path / "settings.toml"
    user.write_text('[store]\nurl = "sqlite:///elsewhere.db"\n')
    settings = load_settings(user, env={})
    assert settings.get("store.url") == "sqlite:///elsewhere.db"
    assert settings.get("store.batch_size") == load_settings(env={}).get("store.batch_size")


def test_unknown_key_in_user_file_is_an_error(tmp_path):
    user = tmp_path / "settings.toml"
    user.write_text('[store]\nulr = "typo"\n')
    with pytest.raises(BadSetting) as error:
        load_settings(user, env={})
    assert "ulr" in str(error.value) and error.value.code == "AW202"


def test_environment_overrides():
    settings = load_settings(env={"ARMSWATCH_DB": "sqlite:///x.db", "ARMSWATCH__NLP__BATCH_SIZE": "4"})
    assert settings.get("store.url") == "sqlite:///x.db"
    assert settings.get("nlp.batch_size") == 4


@pytest.mark.parametrize("size", [10, 50, 1000])
def test_split_for_parser_keeps_every_character(size):
    text = ("One paragraph here.\n\nAnother, longer paragraph with words.\n" * 40)
    pieces = split_for_parser(text, size)
    assert "".join(pieces) == text
    assert all(len(piece) <= size for piece in pieces)


def test_document_id_follows_its_text():
    from armswatch.document import Document

    document = Document(text="Some text.")
    first = document.doc_id
    assert Document(text="  some   TEXT. ").doc_id == first  # exact duplicates after normalisation
    document.text = "Other text."
    assert document.doc_id != first
