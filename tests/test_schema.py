"""The YAML schema nodes of framings._schema, each on a value it accepts and one it refuses (once doctests)."""
import pytest

from framings._schema import (
    AnyOf,
    AnyValue,
    Bool,
    Date,
    DictOf,
    Field,
    Int,
    ListOf,
    Map,
    Node,
    Number,
    Regex,
    Str,
    _Problems,
    iso_date_problem,
    load_yaml,
    parse_yaml,
    validate,
)
from framings.errors import CorpusError


@pytest.mark.parametrize("node, good, bad, message", [
    (Str(choices=("a", "b")), "a", "c", "expected one of ['a', 'b'], got the string 'c'"),
    (Bool(), True, "yes", "expected a boolean (true or false, unquoted), got the string 'yes'"),
    (Int(min=1), 3, 0, "expected a whole number >= 1, got 0"),
    (Number(), 2.5, True, "expected a number, got the boolean true"),
    (Date(), "2026-11", "2026-13", "'2026-13' is not a calendar date (month 13); write YYYY-MM-DD, YYYY-MM or YYYY"),
    (Regex(), "[0-9]+", "(x", "bad regular expression (missing ) at position 2); fix the pattern"),
    (DictOf(Int()), {"a": 1}, {"a": "one"}, "expected a whole number, got the string 'one'"),
    (ListOf(Str()), ["a"], ["a", 2], "expected a string, got the number 2; quote it ('...')"),
    (AnyOf(Bool(), Map({"max_words": Int()})), False, "no",
     "expected a boolean (true or false, unquoted) or a mapping (key: value), got the string 'no'"),
])
def test_a_node_returns_what_it_accepts_and_records_what_it_refuses(node, good, bad, message):
    problems = _Problems()
    assert node.check(good, "key", problems) == good and problems.items == []
    node.check(bad, "key", problems)
    where = {DictOf: "key.a", ListOf: "key[2]"}.get(type(node), "key")
    assert problems.items == [(where, message)]


@pytest.mark.parametrize("node, value", [(Node(), "x"), (AnyValue(), {"a": 1})])
def test_the_base_node_and_any_value_accept_everything(node, value):
    problems = _Problems()
    assert node.check(value, "key", problems) == value and problems.items == []


def test_a_map_names_unknown_and_missing_keys():
    node, problems = Map({"name": Field(Str(), required=True)}), _Problems()
    assert node.check({"name": "x"}, "key", problems) == {"name": "x"} and problems.items == []
    node.check({"nmae": "x"}, "key", problems)
    assert problems.items == [("key.nmae", "unknown key 'nmae' (allowed: name); fix the spelling or remove it"),
                              ("key.name", "missing required key 'name' (a string); add it")]


def test_iso_date_problem():
    assert iso_date_problem("2025-02-28") is None
    assert iso_date_problem("2025-13-45") == ("'2025-13-45' is not a calendar date (month 13); "
                                              "write YYYY-MM-DD, YYYY-MM or YYYY")


def test_validate_raises_one_error_naming_the_file_and_the_key():
    schema = Map({"max_words": Field(Int(min=0), required=True)})
    assert validate({"max_words": 12}, schema, file="rules/a.yaml") == {"max_words": 12}
    with pytest.raises(CorpusError) as raised:
        validate({"max_words": "lots"}, schema, file="rules/a.yaml")
    assert str(raised.value) == "rules/a.yaml: key 'max_words': expected a whole number, got the string 'lots'"


def test_parse_and_load_yaml(tmp_path):
    assert parse_yaml("a: 1") == {"a": 1}
    path = tmp_path / "r.yaml"
    path.write_text("headings: false", encoding="utf-8")
    assert load_yaml(path, Map({"headings": Bool()})) == {"headings": False}
