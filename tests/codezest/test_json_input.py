"""JSON from outside is held to what the code behind it can take: depth, Unicode, numbers, and NUL where stored."""

import pytest

from codezest.json_input import MAX_DEPTH, JSONRefused, json_check, json_load


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_as_deep_as_allowed_is_taken_and_one_level_more_is_refused_without_recursion():
    assert json_load(nested(MAX_DEPTH)) is not None
    with pytest.raises(JSONRefused, match="nested too deeply"):
        json_load(nested(MAX_DEPTH + 1))
    with pytest.raises(JSONRefused, match="nested too deeply"):  # past what Python's parser itself can recurse
        json_load(nested(100_000))
    deep = []
    for _ in range(5000):  # built in Python: a recursive check would run out of stack
        deep = [deep]
    with pytest.raises(JSONRefused, match="nested too deeply"):
        json_check(deep)


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (r'{"name": "\ud800"}', "not valid Unicode"),
        (r'{"\udfff": 1}', "not valid Unicode"),
        ('{"n": 1e999}', "too large"),
        ('{"n": NaN}', "not a JSON number"),
        ('{"n": -Infinity}', "not a JSON number"),
    ],
)
def test_what_nothing_behind_the_parser_could_use_is_refused(document, reason):
    with pytest.raises(JSONRefused, match=reason):
        json_load(document)


def test_nul_is_refused_only_where_the_document_is_stored_whole():
    assert json_load(r'{"code": "a\u0000b"}') == {"code": "a\x00b"}  # a field refuses it, naming itself
    with pytest.raises(JSONRefused, match="NUL"):
        json_load(r'{"code": "a\u0000b"}', stored=True)
    with pytest.raises(JSONRefused, match="NUL"):
        json_load(r'{"a\u0000": 1}', stored=True)


def test_refusals_are_value_errors_as_the_parsers_are():
    assert issubclass(JSONRefused, ValueError)
    assert json_load('{"emoji": "\\ud83d\\ude00", "rtl": "\\u202e", "n": 1e308}')["emoji"] == "\U0001f600"
