"""Typed schemas for the project's YAML files, and a small validator.

A schema is built from a few node types::

    Map({"max_words": Field(Int(min=0), required=True)})      # a mapping with known keys
    DictOf(Str(), Map({...}))                                # a mapping of any keys (frame names)
    ListOf(Str(nonempty=True))                               # a list of one kind of item
    Str(), Bool(), Int(), Number(), Date(), Regex(), AnyOf(Bool(), Map(...))

:func:`validate` checks data against a schema and raises **one** :class:`~framings.CorpusError`
that names the file, every offending key (``drop_lines[2].pattern``), the type expected
and what was found. Booleans are only YAML booleans (``true``/``false``): the *string*
``'false'`` is refused, not read as true. :func:`load_yaml` reads a file safely (regular
file, size limit, UTF-8, duplicate keys refused) and validates it.

The schemas of the project's files are :data:`RULES_SCHEMA` (``rules/<doc_id>.yaml``),
:data:`LEXICON_SCHEMA` (``lexicons/frames.yaml``) and :data:`ACTORS_SCHEMA`
(``lexicons/actors.yaml``); another module can define its own (e.g. a codebook) with the
same node types and call :func:`validate`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from ._io import contained_path, decode_utf8, read_limited
from ._saferegex import compile_problem
from .errors import CorpusError

MAX_PROBLEMS = 8  # problems listed in one error message


_MISSING = object()


def _describe(value) -> str:
    """What a value is, for a message: ``the string 'false'``, ``the number 123``, ``a list``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"the string {shown!r}"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


class _Problems:
    """Problems found while validating: (key path, message)."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []

    def add(self, where: str, message: str) -> None:
        self.items.append((where or "(top level)", message))


class Node:
    """A schema node: :meth:`check` returns the (possibly normalised) value or records problems."""

    expected = "a value"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:  # pragma: no cover - overridden
        """The value (normalised), or ``_MISSING`` once ``(where, why)`` is in ``problems`` (``where``: key path)."""
        return value

    def _wrong(self, value, where: str, problems: _Problems, hint: str = ""):
        problems.add(where, f"expected {self.expected}, got {_describe(value)}{hint}")
        return _MISSING


@dataclass
class Str(Node):
    """A string; ``nonempty``: not blank; ``choices``: one of these; ``check_value``: a callable
    returning an error text (or None)."""

    nonempty: bool = False
    choices: tuple[str, ...] | None = None
    check_value: Callable[[str], str | None] | None = None
    expected: str = "a string"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The string; refused when it is none, is blank (``nonempty``), not in ``choices`` or fails ``check_value``."""
        if not isinstance(value, str):
            hint = "; quote it ('...')" if isinstance(value, (bool, int, float, _dt.date)) else ""
            return self._wrong(value, where, problems, hint)
        if self.nonempty and not value.strip():
            problems.add(where, f"expected {self.expected} (not empty), got an empty string")
            return _MISSING
        if self.choices is not None and value not in self.choices:
            problems.add(where, f"expected one of {list(self.choices)}, got {_describe(value)}")
            return _MISSING
        if self.check_value is not None:
            message = self.check_value(value)
            if message:
                problems.add(where, message)
                return _MISSING
        return value


@dataclass
class Bool(Node):
    """A YAML boolean (``true``/``false``); strings such as ``'false'`` or ``'yes'`` are refused."""

    expected: str = "a boolean (true or false, unquoted)"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The boolean; anything else (the string ``'false'`` too) is refused."""
        if isinstance(value, bool):
            return value
        return self._wrong(value, where, problems)


@dataclass
class Int(Node):
    """A whole number (not a boolean), optionally bounded."""

    min: int | None = None
    max: int | None = None
    expected: str = "a whole number"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The whole number within ``min``/``max``; booleans, floats and strings are refused."""
        if isinstance(value, bool) or not isinstance(value, int):
            return self._wrong(value, where, problems)
        if (self.min is not None and value < self.min) or (self.max is not None and value > self.max):
            bounds = f">= {self.min}" if self.max is None else f"between {self.min} and {self.max}"
            problems.add(where, f"expected a whole number {bounds}, got {value}")
            return _MISSING
        return value


@dataclass
class Number(Node):
    """A number (int or float, not a boolean)."""

    expected: str = "a number"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The int or float; booleans and strings are refused."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self._wrong(value, where, problems)
        return value


@dataclass
class Date(Node):
    """A date: a YAML date (``2026-11-24``) or a string in ISO form (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""

    expected: str = "a date (YYYY-MM-DD)"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The YAML date, or the string when it is an ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value
        if isinstance(value, str):
            message = iso_date_problem(value)
            if message is None:
                return value
            problems.add(where, message)
            return _MISSING
        return self._wrong(value, where, problems)


@dataclass
class Regex(Node):
    """A string that compiles as a regular expression (with the ``regex`` package, as the cleaner runs it)."""

    expected: str = "a string (a regular expression)"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The pattern, when it is a string that compiles (:func:`framings._saferegex.compile_problem`)."""
        if not isinstance(value, str):
            return self._wrong(value, where, problems, "; quote the pattern ('...')")

        message = compile_problem(value)
        if message:
            problems.add(where, f"bad regular expression ({message}); fix the pattern")
            return _MISSING
        return value


@dataclass
class AnyValue(Node):
    """Anything (e.g. free-form notes)."""

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """The value, whatever it is."""
        return value


@dataclass
class Field:
    """A key of a :class:`Map`: its schema, whether it is required, and its default."""

    schema: Node
    required: bool = False
    default: Any = _MISSING


@dataclass
class Map(Node):
    """A mapping with known keys (unknown keys refused unless ``extra`` is a schema for them)."""

    fields: dict[str, Field | Node] = field(default_factory=dict)
    extra: Node | None = None
    expected: str = "a mapping (key: value)"
    null_is_empty: bool = False

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """A new mapping of the checked known keys and the defaults; unknown and missing required keys are recorded."""
        if value is None and self.null_is_empty:
            value = {}
        if not isinstance(value, dict):
            return self._wrong(value, where, problems)
        out = {}
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if not isinstance(key, str):
                problems.add(path, f"expected a string key, got {_describe(key)}; quote it")
                continue
            spec = self.fields.get(key)
            if spec is None:
                if self.extra is None:
                    allowed = ", ".join(sorted(self.fields)) or "none"
                    problems.add(path, f"unknown key {key!r} (allowed: {allowed}); fix the spelling or remove it")
                    continue
                schema = self.extra
            else:
                schema = spec.schema if isinstance(spec, Field) else spec
            checked = schema.check(item, path, problems)
            if checked is not _MISSING:
                out[key] = checked
        for key, spec in self.fields.items():
            if key in value:
                continue
            spec = spec if isinstance(spec, Field) else Field(spec)
            if spec.required:
                path = f"{where}.{key}" if where else key
                problems.add(path, f"missing required key {key!r} ({spec.schema.expected}); add it")
            elif spec.default is not _MISSING:
                out[key] = spec.default() if callable(spec.default) else spec.default
        return out


@dataclass
class DictOf(Node):
    """A mapping of any string keys to values of one schema (``frames: {<frame>: ...}``)."""

    values: Node = field(default_factory=AnyValue)
    min_items: int = 0
    expected: str = "a mapping (name: ...)"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """A new mapping of each string key to its checked value (refused entries are left out)."""
        if not isinstance(value, dict):
            return self._wrong(value, where, problems)
        if len(value) < self.min_items:
            problems.add(where, f"expected at least {self.min_items} entry(ies), got {len(value)}")
        out = {}
        for key, item in value.items():
            path = f"{where}.{key}" if where else str(key)
            if not isinstance(key, str):
                problems.add(path, f"expected a name (string), got {_describe(key)}; quote it")
                continue
            checked = self.values.check(item, path, problems)
            if checked is not _MISSING:
                out[key] = checked
        return out


@dataclass
class ListOf(Node):
    """A list of items of one schema; ``null`` counts as the empty list when ``null_is_empty``."""

    items: Node = field(default_factory=AnyValue)
    min_items: int = 0
    null_is_empty: bool = True
    expected: str = "a list ([...] or '- ' items)"

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """A new list of the checked items (``null`` is ``[]`` when ``null_is_empty``); refused items are left out."""
        if value is None and self.null_is_empty:
            value = []
        if not isinstance(value, list):
            return self._wrong(value, where, problems)
        if len(value) < self.min_items:
            problems.add(where, f"expected at least {self.min_items} item(s), got {len(value)}")
        out = []
        for n, item in enumerate(value, 1):
            checked = self.items.check(item, f"{where}[{n}]", problems)
            if checked is not _MISSING:
                out.append(checked)
        return out


@dataclass
class AnyOf(Node):
    """The first of several schemas that accepts the value (``headings: false`` or ``{max_words: 12}``)."""

    options: tuple[Node, ...] = ()
    expected: str = ""

    def __init__(self, *options: Node, expected: str = ""):
        self.options = options
        self.expected = expected or " or ".join(o.expected for o in options)

    def check(self, value: Any, where: str, problems: _Problems) -> Any:
        """What the first option accepting the value returns; else the problems of the option of its kind."""
        for option in self.options:
            trial = _Problems()
            checked = option.check(value, where, trial)
            if not trial.items:
                return checked
        # report the problems of the option of the same container type, else a summary
        for option in self.options:
            if (isinstance(option, Map) and isinstance(value, dict)) or (
                    isinstance(option, ListOf) and isinstance(value, list)):
                return option.check(value, where, problems)
        return self._wrong(value, where, problems)


def iso_date_problem(value: str) -> str | None:
    """Why ``value`` is not an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None if it is one."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if match is None:
        return f"{value!r} is not an ISO date; write YYYY-MM-DD, YYYY-MM or YYYY"
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"{value!r} is not a calendar date (month {month}); write YYYY-MM-DD, YYYY-MM or YYYY"
    if day is not None:
        try:
            _dt.date(year, month, day)
        except ValueError:
            return f"{value!r} is not a calendar date (day {day}); write YYYY-MM-DD, YYYY-MM or YYYY"
    return None


def validate(data: Any, schema: Node, file: str | Path = "data") -> Any:
    """``data`` checked against ``schema``, defaults filled in; else one CorpusError naming ``file`` and bad keys."""
    problems = _Problems()
    checked = schema.check(data, "", problems)
    if problems.items:
        shown = [f"key '{where}': {message}" for where, message in problems.items[:MAX_PROBLEMS]]
        more = len(problems.items) - MAX_PROBLEMS
        if more > 0:
            shown.append(f"and {more} more problem(s)")
        raise CorpusError(f"{file}: " + "; ".join(shown))
    return checked


def _yaml_loader():
    """A safe YAML loader (libyaml when present) that refuses duplicate keys."""

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _StrictLoader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        seen = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(None, None, "a key is not a plain value",
                                                        key_node.start_mark) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return _StrictLoader


_LOADER = None


_STR_TAG, _SEQ_TAG, _MAP_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _NotPlain(Exception):
    """The document needs the full constructor (an alias, a merge key, a duplicate key, an odd tag)."""


def _load(text: str) -> Any:
    """``yaml.load(text, Loader=_LOADER)``, building plain mappings, lists and strings from the node tree
    directly (the constructor's bookkeeping is most of the time of a small file); any document that is not
    plain in that sense is handed to the loader's own constructor, so results and errors are the same."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None

        try:
            return _plain(node, loader, set(), yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode)
        except _NotPlain:
            # aliases share one node, so the tree is small, but what it stands for may not be: a
            # "billion laughs" of nine aliases to nine aliases is 9**9 values for whoever walks it
            if _expanded_size(node, {}) > MAX_YAML_VALUES:
                raise _AliasBomb from None
            return loader.construct_document(node)
    finally:
        loader.dispose()


MAX_YAML_VALUES = 200_000  # values a YAML file may stand for once its aliases are expanded; a lexicon has ~1,000


class _AliasBomb(Exception):
    """The document's aliases expand to more than MAX_YAML_VALUES values."""


def _expanded_size(node, sizes: dict) -> int:
    """How many values ``node`` stands for with every alias expanded (a recursive alias counts once)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = 1  # while inside: a node that contains itself adds one value, not infinitely many
    total = 1
    if isinstance(node.value, list):
        for item in node.value:
            if isinstance(item, tuple):  # a mapping's (key, value)
                total += _expanded_size(item[0], sizes) + _expanded_size(item[1], sizes)
            else:
                total += _expanded_size(item, sizes)
            if total > MAX_YAML_VALUES:
                break
    sizes[key] = total
    return total


def _plain(node, loader, seen: set, scalar: type, sequence: type, mapping: type) -> Any:
    """The plain mappings, lists and strings of a node tree; _NotPlain for anything the constructor must build."""
    if id(node) in seen:  # an alias (a shared or recursive node): the constructor's way
        raise _NotPlain
    seen.add(id(node))
    kind, tag = node.__class__, node.tag
    if kind is scalar:
        return node.value if tag == _STR_TAG else loader.construct_object(node, deep=True)
    if kind is sequence and tag == _SEQ_TAG:
        return [_plain(item, loader, seen, scalar, sequence, mapping) for item in node.value]
    if kind is mapping and tag == _MAP_TAG:
        out = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not scalar or key_node.tag != _STR_TAG or key_node.value in out:
                raise _NotPlain
            out[key_node.value] = _plain(value_node, loader, seen, scalar, sequence, mapping)
        return out
    raise _NotPlain


def parse_yaml(text: str, file: str | Path = "data") -> Any:
    """Parsed YAML (``{}`` when empty) with no Python objects and no duplicate keys; errors name ``file`` and line."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _yaml_loader()
    try:
        data = _load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise CorpusError(f"{file}{where}: not valid YAML ({problem}); fix the syntax "
                          "(quote values that contain ': ' or start with a special character)") from None
    except RecursionError:
        raise CorpusError(f"{file}: YAML nested too deeply; simplify it") from None
    except _AliasBomb:
        raise CorpusError(f"{file}: its YAML aliases (&name, *name) expand to more than {MAX_YAML_VALUES:,} values "
                          "(an alias bomb?); write the values out instead of nesting aliases") from None
    except (ValueError, TypeError, OverflowError) as err:  # e.g. an unquoted 2025-13-45 read as a date
        raise CorpusError(f"{file}: a value cannot be read ({err}); quote it ('...') or fix it") from None
    return {} if data is None else data


def load_yaml(path: Path | str, schema: Node | None = None, what: str = "YAML file",
              folder: Path | str | None = None) -> Any:
    """A YAML file read safely (inside ``folder`` if given, size-limited, UTF-8), validated against ``schema``."""
    path = Path(path)
    if folder is not None:
        path = contained_path(folder, str(path), blame=str(Path(folder) / path), what=what)
    text = decode_utf8(read_limited(path, str(path), what), str(path), what)
    data = parse_yaml(text, path)
    return data if schema is None else validate(data, schema, file=path)


def _no_line_break(value: str) -> str | None:
    """The schema's complaint about a term with a line break, or None."""
    return "expected text on one line" if "\n" in value or "\r" in value else None


_NOTE = Field(Str())


RULES_SCHEMA = Map({
    "doc_id": Field(Str()),
    "description": Field(Str()),
    "headings": Field(AnyOf(Bool(), Map({"max_words": Field(Int(min=0), required=True)}),
                            expected="false, true, or {max_words: N}")),
    "join_split_paragraphs": Field(Bool()),
    "homoglyphs": Field(Bool()),
    "replace": Field(ListOf(Map({"rule": Field(Str()), "find": Field(Str(nonempty=True), required=True),
                                 "replace": Field(Str(), required=True), "note": _NOTE}))),
    "drop_spans": Field(ListOf(Map({"rule": Field(Str(nonempty=True), required=True),
                                    "start": Field(AnyOf(Regex(), Str(choices=("",)), expected="a regular "
                                                         "expression (string)")),
                                    "end": Field(AnyOf(Regex(), Str(choices=("",)), expected="a regular "
                                                       "expression (string)")),
                                    "end_inclusive": Field(Bool()), "note": _NOTE}))),
    "drop_lines": Field(ListOf(Map({"rule": Field(Str(nonempty=True), required=True),
                                    "pattern": Field(Regex(), required=True), "note": _NOTE}))),
    "drop_inline": Field(ListOf(Map({"rule": Field(Str(nonempty=True), required=True),
                                     "pattern": Field(Regex(), required=True), "report_absent": Field(Bool()),
                                     "note": _NOTE}))),
    "known_unrepaired": Field(ListOf(Map({"rule": Field(Str()), "pattern": Field(Regex(), required=True),
                                          "note": _NOTE}))),
}, expected="a mapping of rule names (see corpus/rules/README.md)")


"""Schema of ``rules/<doc_id>.yaml`` (see ``corpus/rules/README.md``)."""


LEXICON_SCHEMA = Map({
    "frames": Field(DictOf(Map({
        "description": Field(Str()),
        # a missing term, rationale or entries list is reported by framings.frames.load_lexicon
        "entries": Field(ListOf(Map({
            "term": Field(Str(check_value=_no_line_break)),
            "rationale": Field(Str()),
            "case_sensitive": Field(Bool()),
            "note": _NOTE,
        }))),
        "note": _NOTE,
    }), min_items=1), required=True),
    "changes": Field(ListOf(Map({"date": Field(Date()), "change": Field(Str()),
                                 "terms": Field(ListOf(Str())), "reason": Field(Str()), "note": _NOTE}))),
    "note": _NOTE,
}, expected="a mapping with 'frames:' (see the schema in the file's header)")


"""Schema of ``lexicons/frames.yaml``."""


ACTORS_SCHEMA = Map({
    "actors": Field(DictOf(Map({
        "label": Field(Str()),
        "names": Field(ListOf(Str(nonempty=True, check_value=_no_line_break))),
        "case_sensitive": Field(ListOf(Str(nonempty=True, check_value=_no_line_break))),
        "note": _NOTE,
    }), min_items=1), required=True),
    "note": _NOTE,
}, expected="a mapping with 'actors:' (see the schema in the file's header)")


"""Schema of ``lexicons/actors.yaml``."""
