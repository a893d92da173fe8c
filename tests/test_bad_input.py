"""Nothing gets in, nothing hangs: one table of bad inputs, each with its expected outcome.

Every case builds a small corpus folder, spoils it one way and runs one action (load,
``check``, ``add``, a lexicon, the cleaner, the tokenizer). The expected outcome is either
a :class:`framings.CorpusError` whose message matches a pattern and names the file, or a
documented correct result. For every case: no byte of the file outside the corpus (a
marker text and its SHA-256) reaches the message or the output, and a hang guard
(SIGALRM, :data:`HANG_GUARD` s; a guard against hanging, not a timing assertion) turns a
hang into a failure. Then: messages reveal nothing about outside files, atomic writes,
SIGTERM of ``figures`` and of ``make figures``, and hypothesis fuzz tests.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

import framings as fr
from framings import CorpusError

from conftest import ROOT, write_corpus

HANG_GUARD = 60  # seconds; any case takes well under one
SECRET = "OUTSIDE-SECRET-7f3a: this line lives outside the corpus folder"
SECRET_SHA = hashlib.sha256(SECRET.encode()).hexdigest()
DOC_A = ("Azerbaijan balances Russia and the West in its foreign policy, the first text argues.\n"
         "A second paragraph explains the Middle Corridor and its partners in detail.\n")
DOC_B = ("Türkiye and Azerbaijan describe their bond as one nation with two states, says the second text.\n"
         "Another paragraph adds the view of the opposition on the alliance.\n")
LEXICON = """frames:
  alliance:
    description: kinship
    entries:
      - {term: one nation, rationale: the slogan}
  autonomy:
    entries:
      - {term: balances, rationale: balancing}
"""
ACTORS = """actors:
  russia: {label: Russia, names: [russia]}
  west: {label: the West, names: [west]}
"""


# --------------------------------------------------------------------------- the context of one case

@dataclass
class Ctx:
    tmp: Path
    folder: Path
    outside: Path
    monkeypatch: pytest.MonkeyPatch
    source: Path | None = None  # the file given to `add`

    # -- spoiling the corpus
    def meta(self) -> pd.DataFrame:
        return pd.read_csv(self.folder / "metadata.csv", dtype=str, keep_default_na=False)

    def write_meta(self, meta: pd.DataFrame) -> None:
        meta.to_csv(self.folder / "metadata.csv", index=False, lineterminator="\n")

    def set(self, row: int, **values) -> None:
        meta = self.meta()
        for column, value in values.items():
            if column not in meta.columns:
                meta[column] = ""
            meta.loc[row, column] = value
        self.write_meta(meta)

    def meta_text(self, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (self.folder / "metadata.csv").write_bytes(data)

    def rules(self, doc: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (self.folder / "rules" / f"{doc}.yaml").write_bytes(data)

    def raw(self, name: str, data: bytes, listed_as: str | None = None) -> None:
        """Put ``data`` at raw/<name>; with ``listed_as`` a new row lists it under that doc_id."""
        path = self.folder / "raw" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if listed_as:
            self.list_file(name, listed_as, hashlib.sha256(data).hexdigest())

    def list_file(self, name: str, doc_id: str, sha: str = "0" * 64) -> None:
        meta = self.meta()
        meta.loc[len(meta)] = {**{c: "" for c in meta.columns}, "doc_id": doc_id, "file": name, "sha256": sha,
                               "framing": "x"}
        self.write_meta(meta)
        (self.folder / "rules" / f"{doc_id}.yaml").write_text("headings: false\n", encoding="utf-8")

    def lexicon(self, name: str, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (self.folder / "lexicons" / name).write_bytes(data)

    def env(self, name: str, value: str) -> None:
        self.monkeypatch.setenv(name, value)

    # -- the actions
    def load(self):
        return fr.load_corpus(self.folder)

    def check(self):
        from framings.project import main

        code = main(["check", "--corpus", str(self.folder)])
        if code:
            raise CorpusError(self.captured_err())
        return code

    def add(self, text: str | bytes = DOC_A.replace("first", "third"), **options):
        source = self.source or self.tmp / "new-source.txt"
        if self.source is None:
            source.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        options = {"framing": "x", "title": "A new text", **options}
        return fr.add_document(source, corpus_path=self.folder, **options)

    captured_err: Callable[[], str] = field(default=lambda: "")


def make_ctx(tmp_path: Path, monkeypatch) -> Ctx:
    folder = write_corpus(tmp_path / "corpus", {"a": ("x", DOC_A), "b": ("y", DOC_B)})
    (folder / "lexicons").mkdir()
    (folder / "lexicons" / "frames.yaml").write_text(LEXICON, encoding="utf-8")
    (folder / "lexicons" / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "a.yaml").write_text("headings: false\n# " + SECRET + "\n", encoding="utf-8")
    monkeypatch.setenv("FRAMINGS_CORPUS", str(folder))
    monkeypatch.delenv("FRAMINGS_MAX_FILE_BYTES", raising=False)
    monkeypatch.delenv("FRAMINGS_REGEX_TIMEOUT", raising=False)
    return Ctx(tmp_path, folder, outside, monkeypatch)


# --------------------------------------------------------------------------- expected outcomes

@dataclass
class Err:
    """A CorpusError matching ``pattern`` whose message names ``names`` (a file)."""

    pattern: str
    names: str


@dataclass
class Ok:
    """A documented correct result: ``check(result, ctx)`` holds (and the warnings match ``warns``)."""

    check: Callable
    warns: str | None = None
    doc: str = ""


def n_docs(n):
    return lambda result, ctx: len(result) == n


def rules_then_load(doc, text):
    return lambda ctx: ctx.rules(doc, text)


def timeout_rule(key_yaml, doc_line):
    """A rules file whose one rule backtracks catastrophically on doc_line; a 0.5 s budget."""
    def setup(ctx):
        ctx.env("FRAMINGS_REGEX_TIMEOUT", "0.5")
        ctx.raw("slow.txt", (DOC_A + doc_line + "\n").encode(), listed_as="slow")
        ctx.rules("slow", "headings: false\n" + key_yaml)
    return setup


def clean(text, rules=None):
    return lambda ctx: fr.clean.clean_text(text, rules, doc_id="doc1")


def symlink(link: str, target: Callable[[Ctx], Path], listed_as: str | None = None):
    def setup(ctx):
        path = ctx.folder / link
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        os.symlink(target(ctx), path)
        if listed_as:
            ctx.list_file(link.split("/", 1)[1], listed_as)
    return setup


def fifo(relative: str, listed_as: str | None = None):
    def setup(ctx):
        path = ctx.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path)
        if listed_as:
            ctx.list_file(relative.split("/", 1)[1], listed_as)
    return setup


def steps(*setups):
    def setup(ctx):
        for step in setups:
            step(ctx)
    return setup


def nfd_file(ctx):
    name = unicodedata.normalize("NFD", "café.txt")
    ctx.raw(name, DOC_A.replace("first", "fourth").encode())
    meta = ctx.meta()
    meta.loc[len(meta)] = {**{c: "" for c in meta.columns}, "doc_id": "cafe",
                           "file": unicodedata.normalize("NFC", "café.txt"),
                           "sha256": hashlib.sha256(DOC_A.replace("first", "fourth").encode()).hexdigest(),
                           "framing": "x"}
    ctx.write_meta(meta)
    ctx.rules("cafe", "headings: false\n")


def two_nfc_equal_names(ctx):
    ctx.raw(unicodedata.normalize("NFD", "é.txt"), b"one")
    ctx.raw(unicodedata.normalize("NFC", "é.txt"), b"two")


def meta_lines(*lines):
    return lambda ctx: ctx.meta_text("\n".join(lines) + "\n")


def header_row(ctx):
    return ",".join(ctx.meta().columns)


def row_text(ctx, k):
    meta = ctx.meta()
    return meta.iloc[[k]].to_csv(index=False, header=False, lineterminator="\n").strip()


def blank_lines_then_duplicate(ctx):
    ctx.meta_text("\n".join([header_row(ctx), row_text(ctx, 0), "", "", row_text(ctx, 0)]) + "\n")


def multiline_then_bad(ctx):
    meta = ctx.meta()
    meta.loc[0, "notes"] = "first line\nsecond line\nthird line"
    meta.loc[1, "date"] = "2025-13-45"
    ctx.write_meta(meta)


def unclosed_quote(ctx):
    text = (ctx.folder / "metadata.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1] + ',"unclosed note'
    header = text[0] + ",extra"
    ctx.meta_text("\n".join([header, text[1], text[2] + ","]) + "\n")


def duplicate_header(ctx):
    lines = (ctx.folder / "metadata.csv").read_text(encoding="utf-8").splitlines()
    ctx.meta_text("\n".join([lines[0] + ",framing", *(line + ",dup" for line in lines[1:])]) + "\n")


def padded_label(ctx):
    ctx.raw("c.txt", DOC_A.replace("first", "fifth").encode(), listed_as="c")
    ctx.set(0, framing="x")
    ctx.set(2, framing=" x ")


def huge_file(ctx):
    ctx.env("FRAMINGS_MAX_FILE_BYTES", "1000")
    ctx.raw("big.txt", ("A sentence of the big text. " * 100).encode(), listed_as="big")


def same_file_by_link(ctx):
    os.symlink(ctx.folder / "raw" / "a.txt", ctx.folder / "raw" / "a-again.txt")
    ctx.list_file("a-again.txt", "a2", hashlib.sha256(DOC_A.encode()).hexdigest())


def billion_laughs(ctx):
    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for k in range(1, 9):
        lines.append(f"{'abcdefghij'[k]}: &{'abcdefghij'[k]} [" + ",".join([f"*{'abcdefghij'[k - 1]}"] * 9) + "]")
    ctx.rules("a", "\n".join(lines).replace("a: &a", "description: &a", 1)
              .replace("\ni: &i", "\ndrop_lines: &i") + "\n")


def write_before(ctx):
    """Snapshot of every file of the corpus folder (to prove that a failed add wrote nothing)."""
    return {p.relative_to(ctx.folder): p.read_bytes() for p in sorted(ctx.folder.rglob("*")) if p.is_file()}


def add_writes_nothing(**options):
    def action(ctx):
        before = write_before(ctx)
        try:
            return ctx.add(**options)
        finally:
            assert write_before(ctx) == before, "a failed add changed the corpus folder"
    return action


def add_from(make_source):
    def action(ctx):
        ctx.source = make_source(ctx)
        before = write_before(ctx)
        try:
            return ctx.add()
        finally:
            assert write_before(ctx) == before
    return action


def fifo_source(ctx):
    path = ctx.tmp / "pipe.txt"
    os.mkfifo(path)
    return path


def _max_file_bytes():
    from framings._io import max_file_bytes

    return max_file_bytes()


LONG = 1_000_000  # characters in a "1 MB line"

# (id, setup, action, expected)
CASES = [
    # ---- containment: names in metadata.csv -------------------------------------------------
    ("file-absolute-etc-passwd", lambda c: c.set(0, file="/etc/passwd"), "load", Err("absolute path", "metadata.csv, line 2")),
    ("file-dotdot-etc-passwd", lambda c: c.set(0, file="../../../../etc/passwd"), "load", Err(r"'\.\.' part", "metadata.csv, line 2")),
    ("file-dotdot-existing-outside", lambda c: c.set(0, file="../../outside/secret.txt"), "load", Err(r"'\.\.' part", "metadata.csv")),
    ("file-dotdot-inside-raw", lambda c: c.set(0, file="sub/../a.txt"), "load", Err(r"'\.\.' part", "metadata.csv")),
    ("file-dot-part", lambda c: c.set(0, file="./a.txt"), "load", Err(r"'\.' ", "metadata.csv")),
    ("file-empty-part", lambda c: c.set(0, file="sub//a.txt"), "load", Err("empty", "metadata.csv")),
    ("file-backslash", lambda c: c.set(0, file="..\\..\\secret.txt"), "load", Err("backslash", "metadata.csv")),
    ("file-windows-drive", lambda c: c.set(0, file="C:/secret.txt"), "load", Err("absolute path", "metadata.csv")),
    ("file-home-tilde", lambda c: c.set(0, file="~/.bashrc"), "load", Err("absolute path", "metadata.csv")),
    ("file-control-char", lambda c: c.set(0, file="a\x01.txt"), "load", Err("control character", "metadata.csv")),
    ("file-dev-zero", lambda c: c.set(0, file="/dev/zero"), "load", Err("absolute path", "metadata.csv")),
    ("file-absolute-in-checksum", lambda c: c.set(0, file="/etc/passwd"), lambda c: fr.corpus.corpus_checksum(c.folder), Err("absolute path", "metadata.csv")),
    ("file-absolute-in-check-cli", lambda c: c.set(0, file="/etc/passwd"), "check", Err("absolute path", "metadata.csv")),
    ("symlink-out-existing", symlink("raw/link.txt", lambda c: c.outside / "secret.txt", "link"), "load", Err("link leading outside raw/", "metadata.csv")),
    ("symlink-out-missing", symlink("raw/link.txt", lambda c: c.outside / "nothing.txt", "link"), "load", Err("link leading outside raw/", "metadata.csv")),
    ("symlink-out-dev-zero", symlink("raw/zero.txt", lambda c: Path("/dev/zero"), "zero"), "load", Err("link leading outside raw/", "metadata.csv")),
    ("symlink-out-relative", symlink("raw/rel.txt", lambda c: Path("../../outside/secret.txt"), "rel"), "load", Err("link leading outside", "metadata.csv")),
    ("symlinked-subfolder-out", steps(symlink("raw/dir", lambda c: c.outside), lambda c: c.list_file("dir/secret.txt", "d")), "load", Err("link leading outside raw/", "metadata.csv")),
    ("raw-folder-is-link-out", steps(lambda c: shutil.rmtree(c.folder / "raw"), symlink("raw", lambda c: c.outside)), "load", Err("link leading outside the corpus folder", "raw")),
    ("rules-folder-is-link-out", steps(lambda c: shutil.rmtree(c.folder / "rules"), symlink("rules", lambda c: c.outside)), "load", Err("link leading outside the corpus folder", "rules")),
    ("rules-file-is-link-out", symlink("rules/a.yaml", lambda c: c.outside / "a.yaml"), "load", Err("link leading outside rules/", "metadata.csv")),
    ("metadata-is-link-out", symlink("metadata.csv", lambda c: c.outside / "secret.txt"), "load", Err("link leading outside the corpus folder", "metadata.csv")),
    ("lexicon-is-link-out", symlink("lexicons/frames.yaml", lambda c: c.outside / "secret.txt"), lambda c: fr.load_lexicon(), Err("link leading outside lexicons/", "frames.yaml")),
    ("actors-is-link-out", symlink("lexicons/actors.yaml", lambda c: c.outside / "secret.txt"), lambda c: fr.frames.load_actors(), Err("link leading outside lexicons/", "actors.yaml")),
    ("precision-sample-is-link-out", symlink("lexicons/precision-sample.csv", lambda c: c.outside / "secret.txt"), lambda c: fr.frames.lexicon_precision(), Err("link leading outside lexicons/", "precision-sample.csv")),
    ("fifo-precision-sample", fifo("lexicons/precision-sample.csv"), lambda c: fr.frames.lexicon_precision(), Err("not a regular file", "precision-sample.csv")),
    ("fifo-listed-raw", fifo("raw/pipe.txt", "pipe"), "load", Err("not a regular file", "pipe.txt")),
    ("fifo-unlisted-raw", fifo("raw/pipe.txt"), "load", Err("not listed", "pipe.txt")),
    ("fifo-rules-file", fifo("rules/a.yaml"), "load", Err("not a regular file", "a.yaml")),
    ("fifo-lexicon", fifo("lexicons/frames.yaml"), lambda c: fr.load_lexicon(), Err("not a regular file", "frames.yaml")),
    ("fifo-metadata", steps(lambda c: (c.folder / "metadata.csv").unlink(), fifo("metadata.csv")), "load", Err("not a regular file", "metadata.csv")),
    ("directory-listed-as-file", steps(lambda c: (c.folder / "raw" / "d.txt").mkdir(), lambda c: c.list_file("d.txt", "d")), "load", Err("not a regular file", "d.txt")),
    ("metadata-is-directory", steps(lambda c: (c.folder / "metadata.csv").unlink(), lambda c: (c.folder / "metadata.csv").mkdir()), "load", Err("not a regular file", "metadata.csv")),
    ("symlink-inside-raw-unlisted", steps(lambda c: (c.folder / "raw" / "sub").mkdir(), lambda c: (c.folder / "raw" / "a.txt").rename(c.folder / "raw" / "sub" / "a.txt"), symlink("raw/a.txt", lambda c: Path("sub/a.txt")), lambda c: c.set(0, file="sub/a.txt")), "load",
     Err("not listed", "a.txt")),
    ("same-file-by-link", same_file_by_link, "load", Err("same file on disk as that of 'a'", "metadata.csv, line 4")),
    ("same-file-by-hard-link", lambda c: (os.link(c.folder / "raw" / "a.txt", c.folder / "raw" / "a-hard.txt"), c.list_file("a-hard.txt", "a2", hashlib.sha256(DOC_A.encode()).hexdigest())), "load", Err("same file on disk as that of 'a'", "metadata.csv, line 4")),
    ("size-limit-raw", huge_file, "load", Err("above the limit of 1,000", "big.txt")),
    ("size-limit-rules", steps(lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "3000"), lambda c: c.rules("a", "description: '" + "x" * 5000 + "'\n")), "load", Err("limit", "a.yaml")),
    ("size-limit-metadata", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "10"), "load", Err("limit", "metadata.csv")),
    ("size-limit-bad-setting", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "lots"), "load", Err("not a positive number", "FRAMINGS_MAX_FILE_BYTES")),
    ("size-limit-generous-default", None, lambda c: _max_file_bytes(), Ok(lambda r, c: r >= 100_000_000, doc="default 256 MiB")),
    # ---- doc_id -------------------------------------------------------------------------------
    ("doc-id-dotdot-rules-escape", lambda c: c.set(0, doc_id="../../outside/a"), "load", Err("doc_id '../../outside/a' may hold only", "metadata.csv, line 2")),
    ("doc-id-slash", lambda c: c.set(0, doc_id="sub/a"), "load", Err("may hold only", "metadata.csv")),
    ("doc-id-leading-dot", lambda c: c.set(0, doc_id=".a"), "load", Err("must not start with '.'", "metadata.csv")),
    ("doc-id-space-inside", lambda c: c.set(0, doc_id="a b"), "load", Err("may hold only", "metadata.csv")),
    ("doc-id-non-ascii", lambda c: c.set(0, doc_id="dóc"), "load", Err("ASCII", "metadata.csv")),
    ("doc-id-too-long", lambda c: c.set(0, doc_id="a" * 200), "load", Err("128", "metadata.csv")),
    ("doc-id-backslash", lambda c: c.set(0, doc_id="..\\a"), "load", Err("may hold only", "metadata.csv")),
    ("doc-id-safe-chars-ok", steps(lambda c: c.set(0, doc_id="A.b_c-1"), lambda c: c.rules("A.b_c-1", "headings: false\n")), "load",
     Ok(lambda r, c: list(r["doc_id"]) == ["A.b_c-1", "b"], doc="letters, digits, '.', '_', '-' accepted")),
    ("doc-id-padded-stripped", steps(lambda c: c.set(0, doc_id=" a ")), "load", Ok(n_docs(2), warns="doc_id ' a ' has leading or trailing spaces")),
    # ---- regex safety -------------------------------------------------------------------------
    ("rule-nested-quantifier-drop-lines", timeout_rule("drop_lines:\n  - {rule: slow-rule, pattern: '(x+x+)+y'}\n", "x" * 5000 + " y"), "load", Err("rule 'slow-rule' \\(drop_lines.*ran longer than the limit of 0.5 s", "slow.yaml")),
    ("rule-nested-quantifier-drop-inline", timeout_rule("drop_inline:\n  - {rule: slow-inline, pattern: '(\\w+\\s?)*$'}\n", "w" * 5000 + "!"), "load", Err("rule 'slow-inline' \\(drop_inline", "slow.yaml")),
    ("rule-nested-quantifier-span-start", timeout_rule("drop_spans:\n  - {rule: slow-span, start: '^(a|aa)+$'}\n", "a" * 5000 + "!"), "load", Err("rule 'slow-span' \\(drop_spans", "slow.yaml")),
    ("rule-nested-quantifier-span-end", timeout_rule("drop_spans:\n  - {rule: slow-end, start: '^A second', end: '^(a|aa)+$'}\n", "a" * 5000 + "!"), "load", Err("rule 'slow-end'", "slow.yaml")),
    ("rule-nested-quantifier-known-unrepaired", timeout_rule("known_unrepaired:\n  - {rule: slow-known, pattern: '(x+x+)+y'}\n", "x" * 5000 + " y"), "load", Err("rule 'slow-known' \\(known_unrepaired", "slow.yaml")),
    ("rule-timeout-in-check-cli", timeout_rule("drop_lines:\n  - {rule: slow-rule, pattern: '(x+x+)+y'}\n", "x" * 5000 + " y"), "check", Err("slow-rule", "slow.yaml")),
    ("rule-timeout-in-clean-text", lambda c: c.env("FRAMINGS_REGEX_TIMEOUT", "0.5"), clean("x" * 5000 + " y", {"drop_lines": [{"rule": "slow", "pattern": "(x+x+)+y"}]}), Err("rule 'slow'", "rules of doc1")),
    ("rule-timeout-bad-setting", lambda c: c.env("FRAMINGS_REGEX_TIMEOUT", "-1"), "load", Err("not a positive number of seconds", "FRAMINGS_REGEX_TIMEOUT")),
    ("rule-a-plus-plus-dollar", timeout_rule("drop_lines:\n  - {rule: issue-example, pattern: '(a+)+$'}\n", "a" * 5000 + "b"), "load", Err("rule 'issue-example' \\(drop_lines, pattern '\\(a\\+\\)\\+\\$'\\)", "slow.yaml")),
    ("rule-a-plus-plus-dollar-short-ok", steps(lambda c: c.raw("aa.txt", (DOC_A + "a" * 40 + "b\n").encode(), listed_as="aa"), lambda c: c.rules("aa", "headings: false\ndrop_lines:\n  - {rule: r, pattern: '(a+)+$'}\n")), "load",
     Ok(lambda r, c: "a" * 40 + "b" in r.set_index("doc_id").loc["aa", "text"], doc="a short line: no match, well within the limit")),
    ("rule-bad-regex", lambda c: c.rules("a", "drop_lines:\n  - {rule: r, pattern: '(unclosed'}\n"), "load", Err("drop_lines\\[1\\].pattern': bad regular expression", "a.yaml")),
    ("rule-huge-repeat", lambda c: c.rules("a", "drop_lines:\n  - {rule: r, pattern: 'a{99999999999999}'}\n"), "load", Err("drop_lines\\[1\\].pattern'", "a.yaml")),
    ("email-1mb-run", None, clean("Write to info@example.org. " + "x" * LONG, {"headings": False}), Ok(lambda r, c: "info@example.org" not in r[0] and r[0].endswith("x" * 1000), doc="linear: 1 MB after an address")),
    ("email-1mb-run-before-at", None, clean("x" * LONG + "@", {"headings": False}), Ok(lambda r, c: len(r[0]) == LONG + 1)),
    ("email-1mb-of-at-signs", None, clean("@" * LONG, {"headings": False}), Ok(lambda r, c: len(r[0]) == LONG)),
    ("email-1mb-addresses", None, clean("a@b.cd " * (LONG // 7), {"headings": False}), Ok(lambda r, c: "@" not in r[0])),
    ("email-1mb-at-brackets", None, clean("x[at]" * (LONG // 5), {"headings": False}), Ok(lambda r, c: len(r[0]) > 0)),
    ("email-1mb-no-dot-domain", None, clean("a@" + "b" * LONG, {"headings": False}), Ok(lambda r, c: len(r[0]) == LONG + 2)),
    ("url-1mb", None, clean("See http://" + "x" * LONG + " for more.", {"headings": False}), Ok(lambda r, c: "http" not in r[0])),
    ("url-1mb-of-www", None, clean("www." * (LONG // 4), {"headings": False}), Ok(lambda r, c: isinstance(r[0], str))),
    ("punctuation-1mb", None, clean(" ." * (LONG // 2), {"headings": False}), Ok(lambda r, c: isinstance(r[0], str))),
    ("cyrillic-1mb", None, clean("Азербайджан " * (LONG // 12)), Ok(lambda r, c: r[0].startswith("Азербайджан"))),
    ("tokens-1mb-hyphens", None, lambda c: fr.text.tokenize("a-" * (LONG // 2)), Ok(lambda r, c: len(r) >= 1)),
    ("tokens-1mb-apostrophes", None, lambda c: fr.text.tokenize("'" * LONG + "word"), Ok(lambda r, c: r == ["word"])),
    ("tokens-1mb-letters", None, lambda c: fr.text.tokenize("x" * LONG), Ok(lambda r, c: r == ["x" * LONG])),
    # ---- typed rules --------------------------------------------------------------------------
    ("rules-headings-yes-string", rules_then_load("a", "headings: 'yes'\n"), "load", Err("key 'headings': expected false, true, or \\{max_words: N\\}, got the string 'yes'", "a.yaml")),
    ("rules-max-words-lots", rules_then_load("a", "headings: {max_words: lots}\n"), "load", Err("key 'headings.max_words': expected a whole number, got the string 'lots'", "a.yaml")),
    ("rules-max-words-negative", rules_then_load("a", "headings: {max_words: -1}\n"), "load", Err("headings.max_words", "a.yaml")),
    ("rules-max-words-bool", rules_then_load("a", "headings: {max_words: true}\n"), "load", Err("expected a whole number, got the boolean true", "a.yaml")),
    ("rules-headings-empty-map", rules_then_load("a", "headings: {}\n"), "load", Err("missing required key 'max_words'", "a.yaml")),
    ("rules-headings-unknown-key", rules_then_load("a", "headings: {max_words: 3, min_words: 1}\n"), "load", Err("unknown key 'min_words'", "a.yaml")),
    ("rules-headings-true-ok", rules_then_load("a", "headings: true\n"), "load", Ok(n_docs(2), doc="true = the default {max_words: 12}")),
    ("rules-homoglyphs-false-string", rules_then_load("a", "homoglyphs: 'false'\n"), "load", Err("key 'homoglyphs': expected a boolean", "a.yaml")),
    ("rules-join-no-string", rules_then_load("a", "join_split_paragraphs: 'no'\n"), "load", Err("key 'join_split_paragraphs': expected a boolean", "a.yaml")),
    ("rules-homoglyphs-zero", rules_then_load("a", "homoglyphs: 0\n"), "load", Err("got the number 0", "a.yaml")),
    ("rules-pattern-123", rules_then_load("a", "drop_lines:\n  - {rule: r, pattern: 123}\n"), "load", Err("drop_lines\\[1\\].pattern': expected a string \\(a regular expression\\), got the number 123", "a.yaml")),
    ("rules-drop-lines-not-list", rules_then_load("a", "drop_lines: {rule: r, pattern: x}\n"), "load", Err("key 'drop_lines': expected a list", "a.yaml")),
    ("rules-drop-lines-string-entry", rules_then_load("a", "drop_lines:\n  - '^x'\n"), "load", Err("drop_lines\\[1\\]': expected a mapping", "a.yaml")),
    ("rules-drop-lines-no-rule", rules_then_load("a", "drop_lines:\n  - {pattern: x}\n"), "load", Err("missing required key 'rule'", "a.yaml")),
    ("rules-drop-lines-misspelt-key", rules_then_load("a", "drop_lines:\n  - {rule: r, patern: x}\n"), "load", Err("unknown key 'patern'", "a.yaml")),
    ("rules-find-5", rules_then_load("a", "replace:\n  - {find: 5, replace: x}\n"), "load", Err("replace\\[1\\].find': expected a string", "a.yaml")),
    ("rules-replace-5", rules_then_load("a", "replace:\n  - {find: a, replace: 5}\n"), "load", Err("replace\\[1\\].replace'", "a.yaml")),
    ("rules-find-empty", rules_then_load("a", "replace:\n  - {find: '', replace: x}\n"), "load", Err("not empty", "a.yaml")),
    ("rules-replace-backslash-literal", rules_then_load("a", "replace:\n  - {find: balances, replace: '\\1'}\n"), "load",
     Ok(lambda r, c: "Azerbaijan \\1 Russia" in r["text"].iloc[0], doc="a replacement is literal text (no \\1 groups)")),
    ("rules-start-list", rules_then_load("a", "drop_spans:\n  - {rule: r, start: [1, 2]}\n"), "load", Err("drop_spans\\[1\\].start'", "a.yaml")),
    ("rules-end-inclusive-string", rules_then_load("a", "drop_spans:\n  - {rule: r, start: x, end_inclusive: 'true'}\n"), "load", Err("end_inclusive': expected a boolean", "a.yaml")),
    ("rules-report-absent-string", rules_then_load("a", "drop_inline:\n  - {rule: r, pattern: x, report_absent: 'no'}\n"), "load", Err("report_absent': expected a boolean", "a.yaml")),
    ("rules-known-pattern-5", rules_then_load("a", "known_unrepaired:\n  - {pattern: 5}\n"), "load", Err("known_unrepaired\\[1\\].pattern'", "a.yaml")),
    ("rules-unknown-top-key", rules_then_load("a", "drop_line: []\n"), "load", Err("unknown key 'drop_line'", "a.yaml")),
    ("rules-latin1", rules_then_load("a", "description: Política\n".encode("latin-1")), "load", Err("not UTF-8 \\(invalid byte 0xed at byte offset 16, line 1\\)", "a.yaml")),
    ("rules-top-level-list", rules_then_load("a", "- headings\n"), "load", Err("must be a mapping", "a.yaml")),
    ("rules-invalid-yaml", rules_then_load("a", "drop_lines: [ {rule: x, pattern: \n"), "load", Err("not valid YAML", "a.yaml")),
    ("rules-duplicate-key", rules_then_load("a", "headings: false\nheadings: {max_words: 3}\n"), "load", Err("duplicate key 'headings' \\(first at line 1\\)", "a.yaml")),
    ("rules-python-tag", rules_then_load("a", "description: !!python/object/apply:os.system ['echo hi']\n"), "load", Err("not valid YAML", "a.yaml")),
    ("rules-empty-file-defaults", rules_then_load("a", ""), "load", Ok(n_docs(2), doc="an empty rules file = the defaults")),
    ("rules-description-number", rules_then_load("a", "description: 5\n"), "load", Err("key 'description': expected a string", "a.yaml")),
    ("rules-billion-laughs", billion_laughs, "load", Err("aliases .* expand to more than 200,000 values", "a.yaml")),
    ("rules-unquoted-bad-date", rules_then_load("a", "description: 2025-13-45\n"), "load", Err("cannot be read", "a.yaml")),
    ("rules-many-problems-one-error", rules_then_load("a", "headings: 'yes'\nhomoglyphs: 'false'\nreplace: 5\n"), "load", Err("'headings'.*'homoglyphs'.*'replace'", "a.yaml")),
    ("clean-text-mistyped-dict", None, clean("Some text here.", {"headings": "yes"}), Err("key 'headings'", "rules of doc1")),
    ("clean-text-rules-not-mapping", None, clean("Some text here.", [1, 2]), Err("expected a mapping", "rules of doc1")),
    ("clean-text-not-a-string", None, lambda c: fr.clean.clean_text(5), Err("expected the text as a string", "clean_text")),
    ("load-rules-public-mistyped", rules_then_load("a", "homoglyphs: 'false'\n"), lambda c: fr.clean.load_rules(c.folder / "rules" / "a.yaml", "a"), Err("homoglyphs", "a.yaml")),
    ("rules-yaml11-no-is-false", rules_then_load("a", "homoglyphs: no\n"), lambda c: fr.clean.load_rules(c.folder / "rules" / "a.yaml", "a"),
     Ok(lambda r, c: r["homoglyphs"] is False, doc="unquoted YAML 1.1 booleans (no/yes) are booleans")),
    # ---- lexicons -----------------------------------------------------------------------------
    ("lexicon-latin1", lambda c: c.lexicon("frames.yaml", LEXICON.replace("kinship", "Política").encode("latin-1")), lambda c: fr.load_lexicon(), Err("not UTF-8", "frames.yaml")),
    ("lexicon-term-list", lambda c: c.lexicon("frames.yaml", LEXICON.replace("term: one nation", "term: [1, 2]")), lambda c: fr.load_lexicon(), Err("entries\\[1\\].term': expected a string, got a list", "frames.yaml")),
    ("lexicon-term-number", lambda c: c.lexicon("frames.yaml", LEXICON.replace("term: one nation", "term: 1995")), lambda c: fr.load_lexicon(), Err("got the number 1995; quote it", "frames.yaml")),
    ("lexicon-case-sensitive-string", lambda c: c.lexicon("frames.yaml", LEXICON.replace("rationale: the slogan}", "rationale: the slogan, case_sensitive: 'false'}")), lambda c: fr.load_lexicon(), Err("case_sensitive': expected a boolean", "frames.yaml")),
    ("lexicon-rationale-number", lambda c: c.lexicon("frames.yaml", LEXICON.replace("rationale: balancing", "rationale: 5")), lambda c: fr.load_lexicon(), Err("rationale': expected a string", "frames.yaml")),
    ("lexicon-unknown-entry-key", lambda c: c.lexicon("frames.yaml", LEXICON.replace("rationale: balancing", "rationale: balancing, weight: 2")), lambda c: fr.load_lexicon(), Err("unknown key 'weight'", "frames.yaml")),
    ("lexicon-unknown-top-key", lambda c: c.lexicon("frames.yaml", LEXICON + "frame_order: [a]\n"), lambda c: fr.load_lexicon(), Err("unknown key 'frame_order'", "frames.yaml")),
    ("lexicon-frames-list", lambda c: c.lexicon("frames.yaml", "frames: [alliance]\n"), lambda c: fr.load_lexicon(), Err("no 'frames:' mapping", "frames.yaml")),
    ("lexicon-bad-change-date", lambda c: c.lexicon("frames.yaml", LEXICON + "changes:\n  - {date: '2025-13-45', change: added}\n"), lambda c: fr.load_lexicon(), Err("changes\\[1\\].date'.*month 13", "frames.yaml")),
    ("lexicon-unquoted-bad-date", lambda c: c.lexicon("frames.yaml", LEXICON + "changes:\n  - {date: 2025-13-45}\n"), lambda c: fr.load_lexicon(), Err("cannot be read", "frames.yaml")),
    ("lexicon-duplicate-frame", lambda c: c.lexicon("frames.yaml", LEXICON + "  alliance:\n    entries: []\n"), lambda c: fr.load_lexicon(), Err("duplicate key 'alliance'", "frames.yaml")),
    ("lexicon-term-newline", lambda c: c.lexicon("frames.yaml", LEXICON.replace("term: one nation", "term: \"one\\nnation\"")), lambda c: fr.load_lexicon(), Err("on one line", "frames.yaml")),
    ("lexicon-ok", None, lambda c: fr.load_lexicon(), Ok(lambda r, c: set(r["frame"]) == {"alliance", "autonomy"})),
    ("actors-names-string", lambda c: c.lexicon("actors.yaml", ACTORS.replace("names: [russia]", "names: russia")), lambda c: fr.frames.load_actors(), Err("russia.names': expected a list", "actors.yaml")),
    ("actors-case-sensitive-number", lambda c: c.lexicon("actors.yaml", ACTORS.replace("names: [west]", "names: [west], case_sensitive: [1]")), lambda c: fr.frames.load_actors(), Err("case_sensitive\\[1\\]': expected a string", "actors.yaml")),
    ("actors-label-list", lambda c: c.lexicon("actors.yaml", ACTORS.replace("label: Russia", "label: [Russia]")), lambda c: fr.frames.load_actors(), Err("russia.label': expected a string", "actors.yaml")),
    ("actors-duplicate-key", lambda c: c.lexicon("actors.yaml", ACTORS + "  russia: {names: [moscow]}\n"), lambda c: fr.frames.load_actors(), Err("duplicate key 'russia'", "actors.yaml")),
    ("actors-unknown-key", lambda c: c.lexicon("actors.yaml", ACTORS.replace("label: Russia", "lable: Russia")), lambda c: fr.frames.load_actors(), Err("unknown key 'lable'", "actors.yaml")),
    ("actors-latin1", lambda c: c.lexicon("actors.yaml", ACTORS.replace("the West", "Occidente ñ").encode("latin-1")), lambda c: fr.frames.load_actors(), Err("not UTF-8", "actors.yaml")),
    # ---- metadata strictness -------------------------------------------------------------------
    ("meta-unclosed-quote", unclosed_quote, "load", Err("line 2: a quoted field opened in the row starting here is never closed", "metadata.csv")),
    ("meta-blank-lines-line-numbers", blank_lines_then_duplicate, "load", Err("line 5: duplicate doc_id 'a' \\(first at line 2\\)", "metadata.csv")),
    ("meta-multiline-field-line-numbers", multiline_then_bad, "load", Err("line 5 \\(b\\): date '2025-13-45' is not a calendar date \\(month 13\\)", "metadata.csv")),
    ("meta-duplicate-header", duplicate_header, "load", Err("column name 'framing' appears twice \\(columns 4 and 5\\)", "metadata.csv, line 1")),
    ("meta-empty-header-name", lambda c: c.meta_text((c.folder / "metadata.csv").read_text().replace("doc_id,file", "doc_id,,file", 1)), "load", Err("has no name", "metadata.csv")),
    ("meta-padded-label-stripped", padded_label, "load", Ok(lambda r, c: sorted(set(r["framing"])) == ["x", "y"], warns="framing ' x ' has leading or trailing spaces", doc="padded labels: stripped with a warning")),
    ("meta-padded-header-stripped", lambda c: c.meta_text((c.folder / "metadata.csv").read_text().replace("framing", " framing ", 1)), "load", Ok(n_docs(2), warns="header name")),
    ("meta-one-file-two-ids", lambda c: c.set(1, file="a.txt"), "load", Err("file 'a.txt' is listed again for 'b' \\(first at line 2 for 'a'\\)", "metadata.csv, line 3")),
    ("meta-nfd-on-disk-nfc-listed", nfd_file, "load", Ok(lambda r, c: "cafe" in set(r["doc_id"]), doc="NFD name on disk matches the NFC name listed")),
    ("meta-nfd-listed-nfc-on-disk", steps(nfd_file, lambda c: c.set(2, file=unicodedata.normalize("NFD", "café.txt"))), "load", Ok(lambda r, c: "cafe" in set(r["doc_id"]))),
    ("meta-two-nfc-equal-names-on-disk", two_nfc_equal_names, "load", Err("same name after Unicode normalisation", "raw")),
    ("meta-date-month-13", lambda c: c.set(0, date="2025-13-45"), "load", Err("month 13", "metadata.csv, line 2")),
    ("meta-date-feb-30", lambda c: c.set(0, date="2025-02-30"), "load", Err("day 30", "metadata.csv")),
    ("meta-date-words", lambda c: c.set(0, date="May 2025"), "load", Err("not an ISO date", "metadata.csv")),
    ("meta-date-partial-ok", lambda c: c.set(0, date="2025-05", year="2025"), "load", Ok(n_docs(2), doc="YYYY-MM accepted")),
    ("meta-year-two-digits", lambda c: c.set(0, year="25"), "load", Err("not four digits", "metadata.csv")),
    ("meta-year-differs-from-date", lambda c: c.set(0, date="2025-01-02", year="2024"), "load", Err("year 2024 differs from the date 2025-01-02", "metadata.csv")),
    ("meta-sha-not-hex", lambda c: c.set(0, sha256="not-a-checksum"), "load", Err("not 64 hexadecimal digits", "metadata.csv")),
    ("meta-sha-upper-case-ok", lambda c: c.set(0, sha256=hashlib.sha256(DOC_A.encode()).hexdigest().upper()), "load", Ok(n_docs(2))),
    ("meta-checksum-mismatch", lambda c: (c.folder / "raw" / "a.txt").write_bytes(DOC_A.encode() + b" edited"), "load", Err("checksum mismatch", "a.txt")),
    ("meta-too-many-fields", lambda c: c.meta_text((c.folder / "metadata.csv").read_text().rstrip("\n") + ",extra\n"), "load", Err("line 3: 5 field\\(s\\), but the header \\(line 1\\) has 4", "metadata.csv")),
    ("meta-too-few-fields", lambda c: c.meta_text((c.folder / "metadata.csv").read_text() + "c,c.txt\n"), "load", Err("line 4: 2 field", "metadata.csv")),
    ("meta-stray-quote", lambda c: c.meta_text((c.folder / "metadata.csv").read_text().replace(",x\n", ',"x"y\n', 1)), "load", Err("not valid CSV", "metadata.csv")),
    ("meta-latin1", lambda c: c.meta_text((c.folder / "metadata.csv").read_text().replace(",x\n", ",Política\n", 1).encode("latin-1")), "load", Err("not UTF-8.*line 2", "metadata.csv")),
    ("meta-bom-ok", lambda c: c.meta_text(b"\xef\xbb\xbf" + (c.folder / "metadata.csv").read_bytes()), "load", Ok(n_docs(2))),
    ("meta-empty-file", lambda c: c.meta_text(""), "load", Err("empty; write a header row", "metadata.csv")),
    ("meta-missing", lambda c: (c.folder / "metadata.csv").unlink(), "load", Err("no metadata file", "metadata.csv")),
    ("meta-missing-column", lambda c: c.write_meta(c.meta().drop(columns=["sha256"])), "load", Err("missing required column\\(s\\) sha256", "metadata.csv")),
    ("meta-empty-framing", lambda c: c.set(0, framing=""), "load", Err("line 2 \\(a\\): empty 'framing'", "metadata.csv")),
    ("meta-duplicate-doc-id", lambda c: c.set(1, doc_id="a"), "load", Err("line 3: duplicate doc_id 'a'", "metadata.csv")),
    ("raw-unlisted-in-subfolder", lambda c: c.raw("sub/stray.txt", b"A stray text."), "load", Err("present in raw/ but not listed.*'sub/stray.txt'", "stray.txt")),
    ("raw-unlisted-dot-file", lambda c: c.raw(".hidden.txt", b"A hidden text."), "load", Err("not listed.*hidden files", ".hidden.txt")),
    ("raw-unlisted-deep", lambda c: c.raw("a/b/c/deep.txt", b"Deep."), "load", Err("not listed", "deep.txt")),
    ("raw-unlisted-symlink-dir", symlink("raw/linkdir", lambda c: c.outside), "load", Err("not listed", "linkdir")),
    ("raw-listed-in-subfolder-ok", lambda c: c.raw("sub/c.txt", DOC_A.replace("first", "sixth").encode(), listed_as="c"), "load", Ok(n_docs(3), doc="sub-folders of raw/ may hold listed files")),
    ("raw-listed-missing", lambda c: (c.folder / "raw" / "a.txt").unlink(), "load", Err("missing", "a.txt")),
    ("raw-empty-file", lambda c: c.raw("e.txt", b"", listed_as="e"), "load", Err("empty", "e.txt")),
    ("raw-whitespace-only", lambda c: c.raw("w.txt", b" \n\t\n", listed_as="w"), "load", Err("empty or whitespace-only", "w.txt")),
    ("raw-latin1", lambda c: c.raw("l.txt", "Política exterior.".encode("latin-1"), listed_as="l"), "load", Err("not UTF-8 \\(invalid byte 0xed at byte offset 3, line 1\\)", "l.txt")),
    ("raw-empty-after-cleaning", steps(lambda c: c.rules("a", "drop_lines:\n  - {rule: all, pattern: '.'}\n")), "load", Err("empty after cleaning", "a.txt")),
    ("raw-no-rules-defaults", lambda c: (c.folder / "rules" / "a.yaml").unlink(), "load", Ok(n_docs(2), warns="have no rules file (a)")),
    ("no-such-folder", lambda c: shutil.rmtree(c.folder), "load", Err("no such corpus folder", "corpus")),
    # ---- add: a transaction --------------------------------------------------------------------
    ("add-bad-date", None, add_writes_nothing(date="2025-13-45"), Err("--date '2025-13-45' is not a calendar date", "add")),
    ("add-cleans-to-nothing", None, add_writes_nothing(text="Short heading\nAnother heading\n"), Err("empty after cleaning.*Nothing was written", "new-source.txt")),
    ("add-latin1", None, add_writes_nothing(text="Política exterior de Azerbaiyán.".encode("latin-1")), Err("not UTF-8", "new-source.txt")),
    ("add-empty", None, add_writes_nothing(text="  \n"), Err("empty or whitespace-only", "new-source.txt")),
    ("add-doc-id-dotdot", None, add_writes_nothing(doc_id="../evil"), Err("may hold only", "doc_id")),
    ("add-doc-id-leading-dot", None, add_writes_nothing(doc_id=".evil"), Err("must not start with '.'", "doc_id")),
    ("add-duplicate-text", None, add_writes_nothing(text=DOC_A), Err("already in the corpus as 'a'", "new-source.txt")),
    ("add-existing-doc-id", None, add_writes_nothing(doc_id="a"), Err("doc_id 'a' exists already", "metadata.csv")),
    ("add-mistyped-existing-rules", lambda c: c.rules("new-source", "headings: 'yes'\n"), add_writes_nothing(), Err("key 'headings'", "new-source.yaml")),
    ("add-source-fifo", None, add_from(fifo_source), Err("not a regular file", "pipe.txt")),
    ("add-source-dev-zero", None, add_from(lambda c: Path("/dev/zero")), Err("not a regular file", "/dev/zero")),
    ("add-source-too-large", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "50"), add_writes_nothing(), Err("above the limit", "new-source.txt")),
    ("add-source-missing", None, add_from(lambda c: c.tmp / "nothing.txt"), Err("no such file", "nothing.txt")),
    ("add-padded-framing-ok", None, lambda c: (c.add(framing=" y "), fr.load_corpus(c.folder))[1], Ok(lambda r, c: list(r["framing"]) == ["x", "y", "y"], doc="framing stripped")),
    ("add-ok-reads-back", None, lambda c: (c.add(date="2025-03-01"), fr.load_corpus(c.folder))[1], Ok(lambda r, c: r["year"].iloc[-1] == "2025" and not any(p.name.startswith(".") for p in c.folder.rglob("*")), doc="no temporary file left")),
]


# --------------------------------------------------------------------------- issue 26: files coming in

CODEBOOK = """codes:
  alliance: {label: Alliance, definition: kinship, anchors: [{quote: one nation}]}
  autonomy: {label: Autonomy, definition: balancing, anchors: [{quote: balances}]}
  none: {label: None, definition: no frame, anchors: [{quote: the second text}]}
  other: {label: Other, definition: another frame, anchors: [{quote: the first text}]}
"""
PROSE = ("Azerbaijan balances Russia and the West in its foreign policy, an imported text argues at length.\n"
         "A second paragraph explains the Middle Corridor, its partners and its pipelines in detail.\n")
SPANISH = "Política exterior de Azerbaiyán: el Caspio, la energía y los vecinos del Cáucaso sur en detalle."


def alias_bomb(top: str = "frames") -> str:
    """Nine aliases to nine aliases, eight levels deep: 9**9 values once expanded (a "billion laughs")."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, 9)]
    return "\n".join(lines) + f"\n{top}: *l8\n"


def no_own_rules(ctx):
    """Remove the documents' own rules files, so rules/_default.yaml is read for them."""
    for doc in ("a", "b"):
        (ctx.folder / "rules" / f"{doc}.yaml").unlink(missing_ok=True)


def codebook(text: str | bytes):
    def setup(ctx):
        (ctx.folder / "codebook.yaml").write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return setup


def load_codebook(ctx):
    return fr.coding.load_codebook(lexicon=False)


def resource(name: str, text: str | bytes):
    def setup(ctx):
        (ctx.folder / "resources").mkdir(exist_ok=True)
        (ctx.folder / "resources" / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return setup


def hold_lock(ctx):
    """Another writer holds the corpus lock for the rest of the case; writers give up at once."""
    import filelock

    from framings._io import lock_path

    ctx.env("FRAMINGS_LOCK_TIMEOUT", "0")
    ctx.other_writer = filelock.FileLock(str(lock_path(ctx.folder)), thread_local=False)
    ctx.other_writer.acquire()


def killed_add_leftovers(ctx):
    """What an add killed after its raw file was renamed in leaves: the journal and an unlisted raw file."""
    import json

    (ctx.folder / ".framings-pending").mkdir()
    (ctx.folder / ".framings-pending" / "journal.json").write_text(
        json.dumps({"created": ["raw/new-source.txt", "rules/new-source.yaml"]}), encoding="utf-8")
    (ctx.folder / ".framings-pending" / ".metadata.csv.x1.tmp.csv").write_text("half a", encoding="utf-8")
    (ctx.folder / "raw" / "new-source.txt").write_text(DOC_A.replace("first", "third"), encoding="utf-8")


def journal(created) -> Callable[[Ctx], None]:
    """A pending folder whose journal announces ``created`` (names a writer did not make)."""
    def setup(ctx):
        import json

        (ctx.folder / ".framings-pending").mkdir()
        (ctx.folder / ".framings-pending" / "journal.json").write_text(json.dumps({"created": created}),
                                                                       encoding="utf-8")
    return setup


def add_then_load(ctx):
    ctx.add()
    return fr.load_corpus(ctx.folder)


def outside_untouched(result, ctx) -> bool:
    return (ctx.outside / "secret.txt").read_text(encoding="utf-8") == SECRET and len(result) == 3


def fail_with(errno_name: str, where: str):
    """Every fsync (``where="fsync"``) or new temporary file (``"mkstemp"``) fails with that error."""
    def setup(ctx):
        import errno

        from framings import _io

        def fail(*args, **kwargs):
            raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))
        ctx.monkeypatch.setattr(_io.os if where == "fsync" else _io.tempfile, where, fail)
    return setup


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_with(base: bytes, entries: dict[str, tuple[bytes, int]]) -> bytes:
    """``base`` (a ZIP) plus entries written as ``chunk * repeats``, streamed (never all in memory)."""
    import io
    import zipfile

    buffer = io.BytesIO(base)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (chunk, repeats) in entries.items():
            with archive.open(name, "w", force_zip64=True) as handle:
                for _ in range(repeats):
                    handle.write(chunk)
    return buffer.getvalue()


def docx_bomb(megabytes: int) -> bytes:
    """A Word file whose word/document.xml (the part python-docx parses) unpacks to ``megabytes`` MB of
    empty paragraphs: parsed, that is tens of millions of XML elements, far beyond 1 GB."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(PROSE))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                target.writestr(entry, source.read(entry))
        with target.open("word/document.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                         b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(megabytes):
                handle.write(b"<w:p/>" * 166_666)
            handle.write(b"</w:body></w:document>")
    return out.getvalue()


def many_entries_docx() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO(docx_bytes(PROSE))
    with zipfile.ZipFile(buffer, "a") as archive:
        for k in range(10_001):
            archive.writestr(f"customXml/item{k}.xml", b"<a/>")
    return buffer.getvalue()


def pdf_bytes(text: str = "Azerbaijan balances Russia and the West in its foreign policy.", password: str | None = None,
              aes: bool = False, bomb: int = 0) -> bytes:
    """A one-page PDF showing ``text`` (RC4-encrypted with ``password``; marked AES, which needs the
    cryptography package; or with a content stream of ``bomb`` bytes packed by zlib)."""
    import io
    import zlib

    pytest.importorskip("pypdf")
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, EncodedStreamObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(400, 300)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    if bomb:
        stream = EncodedStreamObject()
        compressor, packed = zlib.compressobj(9), []
        for _ in range(bomb // 1_000_000):
            packed.append(compressor.compress(b"0 0 m\n" * 166_666))
        stream._data = b"".join(packed) + compressor.flush()
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    else:
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 10 150 Td ({text}) Tj ET".encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password is not None:
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        if aes:  # the same keys (revision 4 checks passwords as 3 does), but streams said to be AES
            entry = writer._encrypt_entry
            entry[NameObject("/V")], entry[NameObject("/R")] = NumberObject(4), NumberObject(4)
            entry[NameObject("/CF")] = DictionaryObject({NameObject("/StdCF"): DictionaryObject({
                NameObject("/CFM"): NameObject("/AESV2"), NameObject("/AuthEvent"): NameObject("/DocOpen"),
                NameObject("/Length"): NumberObject(16)})})
            entry[NameObject("/StmF")], entry[NameObject("/StrF")] = NameObject("/StdCF"), NameObject("/StdCF")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list], far: tuple[int, int] | None = None) -> bytes:
    import io

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far:
        sheet.cell(row=far[0], column=far[1], value="far")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shared_strings_bomb() -> bytes:
    """A valid sheet whose sharedStrings.xml holds twenty million strings (340 MB unpacked, ~0.4 MB packed)."""
    import io
    import zipfile

    base = xlsx_bytes([["file", "party"], ["a.txt", "dem"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename != "xl/sharedStrings.xml":
                target.writestr(entry, source.read(entry))
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as handle:
            handle.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         b'count="20000000" uniqueCount="20000000">')
            for _ in range(200):
                handle.write(b"<si><t>a</t></si>" * 100_000)
            handle.write(b"</sst>")
    return out.getvalue()


def html(body: str, head: str = "", encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    page = (f"<html><head>{head}<title>A page</title></head><body><article><h1>A speech</h1>{body}"
            "</article></body></html>")
    return bom + page.encode(encoding)


SPANISH_PAGE = "".join(f"<p>{SPANISH} Párrafo {k}.</p>" for k in range(4))
REFRAIN = "We will keep the corridor open for every partner, the minister said again to the assembled press."


def texts(files: dict):
    """Put ``files`` (name → bytes, text, or a function of the case that makes the entry) in ``texts/``."""
    def make(ctx):
        folder = ctx.tmp / "texts"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            if callable(content):
                content(ctx, path)
            else:
                path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return folder
    return make


def link_to(target: Callable[[Ctx], Path]):
    return lambda ctx, path: os.symlink(target(ctx), path)


def a_fifo(ctx, path):
    os.mkfifo(path)


def init_from(files: dict, table: tuple[str, bytes] | None = None, **options):
    """``init`` a new corpus from ``files`` (and a metadata table ``(name, bytes)``); when it fails, the
    new folder must not exist and no staging folder may be left."""
    def action(ctx):
        folder = texts(files)(ctx)
        table_path = None
        if table is not None:
            table_path = ctx.tmp / table[0]
            if callable(table[1]):
                table[1](ctx, table_path)
            else:
                table_path.write_bytes(table[1])
        target = ctx.tmp / "new-corpus"
        try:
            meta = fr.init_corpus(target, folder, table_path, **options)
        except BaseException:
            assert not target.exists(), "a failed init left the corpus folder"
            assert not [p for p in ctx.tmp.iterdir() if p.name.startswith(".new-corpus")], "staging left"
            raise
        ctx.new = target
        return meta
    return action


def new_text(ctx, doc_id: str) -> str:
    return (ctx.new / "raw" / f"{doc_id}.txt").read_text(encoding="utf-8")


def report_warning(ctx) -> str:
    return pd.read_csv(ctx.new / "extraction-report.csv", dtype=str, keep_default_na=False)["warnings"].str.cat(sep=" | ")


UTF16_PROSE = PROSE * 3

CASES += [
    # ---- contained reading of every file: rules/_default.yaml, codebook, resources ------------------
    ("default-rules-is-link-out", steps(no_own_rules, symlink("rules/_default.yaml", lambda c: c.outside / "a.yaml")), "load", Err("link leading outside rules/", "_default.yaml")),
    ("default-rules-fifo", steps(no_own_rules, fifo("rules/_default.yaml")), "load", Err("not a regular file", "_default.yaml")),
    ("default-rules-too-large", steps(lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "3000"), no_own_rules, lambda c: (c.folder / "rules" / "_default.yaml").write_text("description: '" + "x" * 5000 + "'\n")), "load", Err("above the limit", "_default.yaml")),
    ("codebook-is-link-out", steps(lambda c: (c.outside / "codebook.yaml").write_text(CODEBOOK + "# " + SECRET + "\n"), symlink("codebook.yaml", lambda c: c.outside / "codebook.yaml")), load_codebook, Err("link leading outside", "codebook.yaml")),
    ("codebook-fifo", fifo("codebook.yaml"), load_codebook, Err("not a regular file", "codebook.yaml")),
    ("codebook-too-large", steps(lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "100"), codebook(CODEBOOK)), load_codebook, Err("above the limit of 100", "codebook.yaml")),
    ("codebook-latin1", codebook(CODEBOOK.replace("kinship", "Política").encode("latin-1")), load_codebook, Err("not UTF-8", "codebook.yaml")),
    ("codebook-duplicate-code", codebook(CODEBOOK + "  alliance: {label: Again, definition: twice, anchors: [{quote: x}]}\n"), load_codebook, Err("duplicate key 'alliance'", "codebook.yaml")),
    ("codebook-python-tag", codebook("codes: !!python/object/apply:os.system ['echo hi']\n"), load_codebook, Err("not valid YAML", "codebook.yaml")),
    ("codebook-ok", codebook(CODEBOOK), load_codebook, Ok(lambda r, c: list(r["code"]) == ["alliance", "autonomy", "none", "other"])),
    ("phrases-is-link-out", steps(lambda c: (c.folder / "resources").mkdir(exist_ok=True), symlink("resources/phrases.txt", lambda c: c.outside / "secret.txt")), lambda c: fr.text.load_phrases(c.folder), Err("link leading outside", "phrases.txt")),
    ("phrases-fifo", fifo("resources/phrases.txt"), lambda c: fr.text.load_phrases(c.folder), Err("not a regular file", "phrases.txt")),
    ("phrases-too-large", steps(lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "50"), resource("phrases.txt", "middle corridor\n" * 10)), lambda c: fr.text.load_phrases(c.folder), Err("above the limit", "phrases.txt")),
    ("phrases-latin1", resource("phrases.txt", "política exterior\n".encode("latin-1")), lambda c: fr.text.load_phrases(c.folder), Err("not UTF-8", "phrases.txt")),
    ("resources-folder-is-link-out", symlink("resources", lambda c: c.outside), lambda c: fr.text.load_phrases(c.folder), Err("link leading outside", "phrases.txt")),
    ("variants-is-link-out", steps(lambda c: (c.outside / "variants.csv").write_text("variant,canonical\nturkey,türkiye\n"), lambda c: (c.folder / "resources").mkdir(exist_ok=True), symlink("resources/variants.csv", lambda c: c.outside / "variants.csv")), lambda c: fr.text.load_variants(c.folder), Err("link leading outside", "variants.csv")),
    ("variants-fifo", fifo("resources/variants.csv"), lambda c: fr.text.load_variants(c.folder), Err("not a regular file", "variants.csv")),
    ("phrases-ok", resource("phrases.txt", "# a comment\nmiddle corridor\n"), lambda c: fr.text.load_phrases(c.folder), Ok(lambda r, c: r == ("middle corridor",))),
    # ---- YAML alias bombs (run in a child under a 1 GB memory limit) ------------------------------
    ("bomb-yaml-codebook", codebook(alias_bomb("codes")), load_codebook, Err("aliases .* expand to more than 200,000 values", "codebook.yaml")),
    ("bomb-yaml-lexicon", lambda c: c.lexicon("frames.yaml", alias_bomb("frames")), lambda c: fr.load_lexicon(), Err("aliases .* expand", "frames.yaml")),
    ("bomb-yaml-actors", lambda c: c.lexicon("actors.yaml", alias_bomb("actors")), lambda c: fr.frames.load_actors(), Err("aliases .* expand", "actors.yaml")),
    ("bomb-yaml-default-rules", steps(no_own_rules, lambda c: (c.folder / "rules" / "_default.yaml").write_text(alias_bomb("drop_lines"))), "load", Err("aliases .* expand", "_default.yaml")),
    ("bomb-yaml-rules-description", rules_then_load("a", alias_bomb("description")), "load", Err("aliases .* expand", "a.yaml")),
    ("yaml-few-aliases-ok", rules_then_load("a", "headings: &h false\njoin_split_paragraphs: *h\n"), "load", Ok(n_docs(2), doc="aliases that expand to little are fine")),
    ("yaml-recursive-alias", rules_then_load("a", "drop_lines: &d [*d]\n"), "load", Err("drop_lines", "a.yaml")),
    # ---- init --from: contained, regular, bounded --------------------------------------------------
    ("init-from-link-out", None, init_from({"a.txt": PROSE, "link.txt": link_to(lambda c: c.outside / "secret.txt")}), Err("a link leading outside texts/", "link.txt")),
    ("init-from-link-out-missing", None, init_from({"a.txt": PROSE, "link.txt": link_to(lambda c: c.outside / "nothing.txt")}), Err("a link leading outside texts/", "link.txt")),
    ("init-from-link-to-dev-zero", None, init_from({"a.txt": PROSE, "zero.txt": link_to(lambda c: Path("/dev/zero"))}), Err("a link leading outside texts/", "zero.txt")),
    ("init-from-link-inside-ok", lambda c: ((c.tmp / "texts" / "keep").mkdir(parents=True), (c.tmp / "texts" / "keep" / "b.md").write_text(DOC_B)), init_from({"a.txt": PROSE, "b.txt": link_to(lambda c: c.tmp / "texts" / "keep" / "b.md")}),
     Ok(lambda r, c: list(r["doc_id"]) == ["a", "b"] and new_text(c, "b") == DOC_B, doc="a link to a file inside the folder is read")),
    ("init-from-fifo", None, init_from({"a.txt": PROSE, "pipe.txt": a_fifo}), Err("not a regular file", "pipe.txt")),
    ("init-from-folder-named-txt", None, init_from({"a.txt": PROSE, "dir.txt": lambda c, p: p.mkdir()}), Err("not a regular file", "dir.txt")),
    ("init-from-too-large", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "1000"), init_from({"a.txt": PROSE, "big.txt": PROSE * 20}), Err("above the limit of 1,000", "big.txt")),
    ("init-from-pdf-too-large-not-copied", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "200"), init_from({"a.txt": PROSE[:150], "b.pdf": lambda c, p: p.write_bytes(pdf_bytes())}), Err("above the limit of 200", "b.pdf")),
    ("init-from-duplicate-keeps-nothing", None, init_from({"a.txt": PROSE, "b.txt": PROSE}), Err("the same text as 'a'", "b.txt")),
    ("init-stale-staging-removed", lambda c: ((c.tmp / ".new-corpus-k1ll3d").mkdir(), (c.tmp / ".new-corpus-k1ll3d" / ".framings-staging").write_bytes(b""), (c.tmp / ".new-corpus-k1ll3d" / "raw").mkdir()), init_from({"a.txt": PROSE}),
     Ok(lambda r, c: not (c.tmp / ".new-corpus-k1ll3d").exists(), doc="a killed init's staging folder is removed by the next init")),
    ("init-into-path-under-a-file", lambda c: (c.tmp / "afile").write_text("x"), lambda c: fr.init_corpus(c.tmp / "afile" / "corpus", texts({"a.txt": PROSE})(c)), Err("cannot create the folder", "afile")),
    # ---- decoding that says what it did --------------------------------------------------------------
    ("init-from-utf16-bom-converted", None, init_from({"u.txt": b"\xff\xfe" + UTF16_PROSE.encode("utf-16-le")}),
     Ok(lambda r, c: new_text(c, "u") == UTF16_PROSE and "decoded from UTF-16 (byte-order mark); converted to UTF-8" in report_warning(c)
        and (c.new / "sources" / "u.txt").read_bytes()[:2] == b"\xff\xfe", doc="UTF-16 with a mark: converted, said, original kept")),
    ("init-from-utf16-be-bom-converted", None, init_from({"u.txt": b"\xfe\xff" + UTF16_PROSE.encode("utf-16-be")}), Ok(lambda r, c: new_text(c, "u") == UTF16_PROSE)),
    ("init-from-utf32-bom-converted", None, init_from({"u.txt": UTF16_PROSE.encode("utf-32")}), Ok(lambda r, c: new_text(c, "u") == UTF16_PROSE and "UTF-32" in report_warning(c))),
    ("init-from-utf8-bom-kept", None, init_from({"u.txt": b"\xef\xbb\xbf" + PROSE.encode()}), Ok(lambda r, c: (c.new / "raw" / "u.txt").read_bytes().startswith(b"\xef\xbb\xbf") and not (c.new / "extraction-report.csv").exists())),
    ("init-from-utf16-no-bom", None, init_from({"u.txt": UTF16_PROSE.encode("utf-16-le")}), Err("NUL or control characters.*UTF-16 without a byte-order mark", "u.txt")),
    ("init-from-utf16-be-no-bom", None, init_from({"u.txt": UTF16_PROSE.encode("utf-16-be")}), Err("NUL or control characters", "u.txt")),
    ("init-from-utf16-nuls-removed", None, init_from({"u.txt": " ".join(UTF16_PROSE.replace(" ", "")).encode()}), Err("single letters", "u.txt")),
    ("init-from-mostly-nul", None, init_from({"n.txt": b"\x00" * 5000 + PROSE.encode()}), Err("5,000 of its .* characters are NUL", "n.txt")),
    ("init-from-binary-png", None, init_from({"p.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4}), Err("not UTF-8", "p.txt")),
    ("init-from-latin1", None, init_from({"l.txt": (SPANISH + "\n").encode("latin-1")}), Err("not UTF-8.*it looks like Latin-1", "l.txt")),
    ("init-from-cp1252-quotes", None, init_from({"w.txt": "“Política” – exterior.\n".encode("cp1252")}), Err("it looks like windows-1252", "w.txt")),
    ("init-from-bad-utf16-after-bom", None, init_from({"u.txt": b"\xff\xfe" + b"\x00\xd8" + b"a\x00"}), Err("UTF-16 .* but is not valid", "u.txt")),
    ("html-declared-windows-1252", None, init_from({"p.html": html(SPANISH_PAGE, '<meta charset="windows-1252">', "cp1252")}),
     Ok(lambda r, c: "Política" in new_text(c, "p") and "charset windows-1252 (declared by the page)" in report_warning(c), doc="declared charset first")),
    ("html-http-equiv-iso-8859-1", None, init_from({"p.html": html(SPANISH_PAGE, '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "latin-1")}),
     Ok(lambda r, c: "Azerbaiyán" in new_text(c, "p") and "iso-8859-1" in report_warning(c))),
    ("html-no-charset-cp1252-said", None, init_from({"p.html": html(SPANISH_PAGE, "", "cp1252")}), Ok(lambda r, c: "Política" in new_text(c, "p") and "windows-1252 (no charset declared and not UTF-8)" in report_warning(c))),
    ("html-no-charset-utf8", None, init_from({"p.html": html(SPANISH_PAGE)}), Ok(lambda r, c: "Política" in new_text(c, "p") and report_warning(c) == "")),
    ("html-utf16-bom", None, init_from({"p.html": html(SPANISH_PAGE, '<meta charset="utf-16">', "utf-16-le", b"\xff\xfe")}), Ok(lambda r, c: "Política" in new_text(c, "p"))),
    ("html-declares-utf8-is-utf8", None, init_from({"p.html": html(SPANISH_PAGE, '<meta charset="UTF-8">')}), Ok(lambda r, c: "Política" in new_text(c, "p") and "�" not in new_text(c, "p"))),
    ("html-unknown-charset", None, init_from({"p.html": html(SPANISH_PAGE, '<meta charset="x-no-such-set">')}), Err("declares the charset 'x-no-such-set'", "p.html")),
    ("html-repeated-paragraphs-kept", None, init_from({"p.html": html(f"<p>{PROSE.splitlines()[0]}</p>" + f"<p>{REFRAIN}</p>" * 40 + f"<p>{PROSE.splitlines()[1]}</p>")}),
     Ok(lambda r, c: new_text(c, "p").count(REFRAIN) == 40, doc="no silent de-duplication")),
    ("meta-xlsx-dates-iso", None, init_from({"a.txt": PROSE, "b.txt": DOC_B}, ("table.xlsx", lambda c, p: p.write_bytes(xlsx_bytes([["file", "party", "date", "count"], ["a.txt", "dem", __import__("datetime").datetime(2025, 3, 1), 3.0], ["b.txt", "rep", __import__("datetime").date(2024, 12, 31), 2.5]]))), framing_column="party"),
     Ok(lambda r, c: list(r["date"]) == ["2025-03-01", "2024-12-31"] and list(r["year"]) == ["2025", "2024"] and list(r["count"]) == ["3", "2.5"] and len(fr.load_corpus(c.new)) == 2, doc="spreadsheet dates as ISO dates; the corpus loads")),
    ("meta-xlsx-datetime-with-time", None, init_from({"a.txt": PROSE}, ("table.xlsx", lambda c, p: p.write_bytes(xlsx_bytes([["file", "when"], ["a.txt", __import__("datetime").datetime(2025, 3, 1, 14, 30)]])))),
     Ok(lambda r, c: list(r["when"]) == ["2025-03-01 14:30:00"])),
    ("meta-xlsx-not-a-zip", None, init_from({"a.txt": PROSE}, ("table.xlsx", b"file,party\na.txt,dem\n")), Err("not a valid spreadsheet", "table.xlsx")),
    ("meta-xlsx-far-column", None, init_from({"a.txt": PROSE}, ("table.xlsx", lambda c, p: p.write_bytes(xlsx_bytes([["file", "party"], ["a.txt", "dem"]], far=(1, 16384))))), Err("column 16,384, beyond the 1,000 columns", "table.xlsx")),
    ("meta-csv-fifo", None, init_from({"a.txt": PROSE}, ("table.csv", a_fifo)), Err("not a regular file", "table.csv")),
    ("meta-csv-too-large", lambda c: c.env("FRAMINGS_MAX_FILE_BYTES", "300"), init_from({"a.txt": PROSE[:100]}, ("table.csv", b"file,party\n" + b"a.txt,dem\n" * 40)), Err("above the limit of 300", "table.csv")),
    ("meta-csv-latin1", None, init_from({"a.txt": PROSE}, ("table.csv", "file,party\na.txt,Política\n".encode("latin-1"))), Err("not UTF-8", "table.csv")),
    ("meta-csv-is-link-ok", lambda c: (c.outside / "t.csv").write_text("file,party\na.txt,dem\n"), init_from({"a.txt": PROSE}, ("table.csv", lambda c, p: os.symlink(c.outside / "t.csv", p)), framing_column="party"),
     Ok(lambda r, c: list(r["framing"]) == ["dem"], doc="a table named on the command line may be a link (it is the researcher's own file)")),
    # ---- ZIP formats, PDF ----------------------------------------------------------------------------
    ("docx-ok", None, init_from({"d.docx": lambda c, p: p.write_bytes(docx_bytes(*PROSE.splitlines()))}), Ok(lambda r, c: "Middle Corridor" in new_text(c, "d"))),
    ("docx-not-a-zip", None, init_from({"d.docx": b"PK\x03\x04 not really a zip"}), Err("not a valid Word file", "d.docx")),
    ("docx-too-many-entries", None, init_from({"d.docx": lambda c, p: p.write_bytes(many_entries_docx())}), Err("10,0[0-9]{2} entries, above the limit of 10,000", "d.docx")),
    ("docx-repeated-paragraphs-kept", None, init_from({"d.docx": lambda c, p: p.write_bytes(docx_bytes(*([REFRAIN] * 30)))}), Ok(lambda r, c: new_text(c, "d").count(REFRAIN) == 30)),
    ("bomb-docx-ratio", None, init_from({"d.docx": lambda c, p: p.write_bytes(zip_with(docx_bytes(PROSE), {"word/media/bomb.xml": (b"\x00" * 1_000_000, 20)}))}), Err("unpacks 20,000,000 bytes from .* a zip bomb", "d.docx")),
    ("bomb-docx-total", None, init_from({"d.docx": lambda c, p: p.write_bytes(docx_bomb(150))}), Err("unpacks to .* bytes, above the limit of 134,217,728", "d.docx")),
    ("bomb-xlsx-shared-strings", None, init_from({"a.txt": PROSE}, ("table.xlsx", lambda c, p: p.write_bytes(shared_strings_bomb()))), Err("zip bomb", "table.xlsx")),
    ("bomb-xlsx-far-row", None, init_from({"a.txt": PROSE}, ("table.xlsx", lambda c, p: p.write_bytes(xlsx_bytes([["file", "party"], ["a.txt", "dem"]], far=(1_048_576, 2))))), Err("more than 1,000,000 rows", "table.xlsx")),
    ("pdf-ok", None, init_from({"p.pdf": lambda c, p: p.write_bytes(pdf_bytes())}), Ok(lambda r, c: "balances Russia" in new_text(c, "p"))),
    ("pdf-empty-password-opened", None, init_from({"p.pdf": lambda c, p: p.write_bytes(pdf_bytes(password=""))}), Ok(lambda r, c: "balances Russia" in new_text(c, "p"), doc="an empty user password is tried")),
    ("pdf-password", None, init_from({"p.pdf": lambda c, p: p.write_bytes(pdf_bytes(password="secret"))}), Err("an encrypted PDF that framings cannot open", "p.pdf")),
    ("pdf-aes", None, init_from({"p.pdf": lambda c, p: p.write_bytes(pdf_bytes(password="", aes=True))}), Err("encrypted PDF", "p.pdf")),
    ("pdf-garbage", None, init_from({"p.pdf": b"%PDF-1.7\n this is not a PDF at all"}), Err("not a readable PDF|no text could be extracted", "p.pdf")),
    ("bomb-pdf-stream", None, init_from({"p.pdf": lambda c, p: p.write_bytes(pdf_bytes(bomb=100_000_000))}), Err("unpacks beyond [0-9,]+ bytes \\(a decompression bomb", "p.pdf")),
    # ---- add: decoding, a lock, a journal, a full or read-only disk ------------------------------------
    ("add-utf16-bom", None, add_writes_nothing(text=b"\xff\xfe" + UTF16_PROSE.encode("utf-16-le")), Err("decoded from UTF-16.*save it as UTF-8.*init --from", "new-source.txt")),
    ("add-utf16-no-bom", None, add_writes_nothing(text=UTF16_PROSE.encode("utf-16-le")), Err("NUL or control characters", "new-source.txt")),
    ("add-one-letter-words", None, add_writes_nothing(text=" ".join("Azerbaijan balances Russia and the West in its foreign policy today")), Err("single letters", "new-source.txt")),
    ("add-cp1252", None, add_writes_nothing(text="“Política” exterior.\n".encode("cp1252")), Err("not UTF-8.*windows-1252", "new-source.txt")),
    ("add-lock-held", hold_lock, add_writes_nothing(), Err("another framings command is writing this corpus", "corpus")),
    ("check-lock-held", hold_lock, "check", Err("another framings command is writing this corpus", "corpus")),
    ("lock-timeout-not-a-number", lambda c: c.env("FRAMINGS_LOCK_TIMEOUT", "soon"), add_writes_nothing(), Err("not a number of seconds", "FRAMINGS_LOCK_TIMEOUT")),
    ("load-ignores-killed-add", killed_add_leftovers, "load", Ok(n_docs(2), doc="an uncommitted add's raw file is not an unlisted file")),
    ("add-after-killed-add", killed_add_leftovers, lambda c: (c.add(), fr.load_corpus(c.folder))[1],
     Ok(lambda r, c: len(r) == 3 and not (c.folder / ".framings-pending").exists(), doc="the killed add is undone and runs again")),
    ("journal-fifo", fifo(".framings-pending/journal.json"), "load", Ok(n_docs(2), doc="a FIFO journal is not read (no hang)")),
    ("journal-fifo-then-add", fifo(".framings-pending/journal.json"), add_then_load,
     Ok(lambda r, c: len(r) == 3 and not (c.folder / ".framings-pending").exists(), doc="removed with the pending folder")),
    ("journal-link-out", symlink(".framings-pending/journal.json", lambda c: c.outside / "secret.txt"), add_then_load,
     Ok(outside_untouched, doc="a journal linked out is not ours: nothing it names is removed")),
    ("journal-names-outside", journal(["raw/../../outside/secret.txt", "../outside/secret.txt", "/etc/hostname",
                                       "raw/../metadata.csv"]), add_then_load,
     Ok(outside_untouched, doc="only raw/<name> and rules/<name> are ever removed")),
    ("journal-raw-link-out", steps(journal(["raw/gone.txt"]), lambda c: os.symlink(c.outside / "secret.txt", c.folder / "raw" / "gone.txt")),
     lambda c: (c.add(), c.outside / "secret.txt")[1],
     Ok(lambda r, c: r.read_text(encoding="utf-8") == SECRET and not (c.folder / "raw" / "gone.txt").exists(),
        doc="the link is removed, never the file it points to")),
    ("add-pending-is-a-file", lambda c: (c.folder / ".framings-pending").write_text("x"), add_writes_nothing(), Err("not the folder framings keeps its unfinished writes in", ".framings-pending")),
    ("add-disk-full", fail_with("ENOSPC", "fsync"), add_writes_nothing(), Err("cannot write \\(the disk is full\\); nothing was changed", "corpus")),
    ("add-read-only", fail_with("EROFS", "mkstemp"), add_writes_nothing(), Err("cannot write \\(the file system is read-only\\)", "corpus")),
    ("check-disk-full", fail_with("ENOSPC", "fsync"), "check", Err("cannot write \\(the disk is full\\)", "cleaning-report.csv")),
    ("check-no-permission", fail_with("EACCES", "mkstemp"), "check", Err("no permission to write there", "cleaning-report.csv")),
    ("raw-mostly-nul", lambda c: c.raw("n.txt", b"\x00" * 300 + DOC_A.replace("first", "nul").encode(), listed_as="n"), "load", Err("NUL or control characters", "n.txt")),
    ("raw-utf16-bom", lambda c: c.raw("u.txt", DOC_A.encode("utf-16"), listed_as="u"), "load", Err("not UTF-8", "u.txt")),
]


@pytest.fixture
def hang_guard():
    def on_alarm(signum, frame):
        raise TimeoutError(f"a bad-input case ran longer than the {HANG_GUARD} s hang guard")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(HANG_GUARD)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _run(case_id, setup, action, tmp_path, monkeypatch, capsys):
    ctx = make_ctx(tmp_path, monkeypatch)
    ctx.captured_err = lambda: capsys.readouterr().err
    if setup is not None:
        setup(ctx)
    run = getattr(ctx, action) if isinstance(action, str) else (lambda: action(ctx))
    return ctx, run


@pytest.mark.parametrize("case_id, setup, action, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input(case_id, setup, action, expected, tmp_path, monkeypatch, capsys, hang_guard):
    if case_id.startswith(BOMB):
        _run_in_limited_child(case_id, tmp_path)
        return
    ctx, run = _run(case_id, setup, action, tmp_path, monkeypatch, capsys)
    _reaches_verdict(ctx, run, expected)


def _reaches_verdict(ctx: Ctx, run: Callable, expected) -> None:
    """Run the case and check its verdict: the error and the file it names, or the correct result."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if isinstance(expected, Err):
            with pytest.raises(CorpusError) as info:
                run()
            message = str(info.value)
            assert re.search(expected.pattern, message), message
            assert expected.names in message, message
            output = message
        else:
            result = run()
            assert expected.check(result, ctx), result
            if expected.warns:
                assert any(expected.warns in str(w.message) for w in caught), [str(w.message) for w in caught]
            output = _as_text(result)
    # no outside byte (nor its checksum) in the message or the output
    assert "OUTSIDE-SECRET" not in output
    assert SECRET_SHA[:8] not in output
    report = ctx.folder / "cleaning-report.csv"
    if report.exists():
        assert "OUTSIDE-SECRET" not in report.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- bombs: in a child, 1 GB at most

BOMB = "bomb-"  # cases whose id starts so run in a child process limited to BOMB_MEMORY bytes of address space
BOMB_MEMORY = 1 << 30
BOMB_SECONDS = HANG_GUARD - 5  # the child is stopped before the hang guard of the case would fire


def _run_in_limited_child(case_id: str, tmp_path: Path) -> None:
    """Run one case in a fresh Python whose address space is capped at 1 GB (RLIMIT_AS): a bomb that
    gets through ends in MemoryError there, failing the case, instead of taking the machine down."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (BOMB_MEMORY, BOMB_MEMORY))

    tests = Path(__file__).resolve().parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(tests), os.environ.get("PYTHONPATH", "")]),
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    code = f"import test_bad_input as t; t._child_case({case_id!r}, {str(tmp_path)!r})"
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, preexec_fn=limit,
                              capture_output=True, text=True, timeout=BOMB_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case_id}: still running after {BOMB_SECONDS} s")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "verdict reached" in done.stdout, done.stdout + done.stderr


def _child_case(case_id: str, tmp: str) -> None:
    """The child's side of :func:`_run_in_limited_child`: the case, its verdict, then "verdict reached"."""
    case = next(c for c in CASES if c[0] == case_id)
    monkeypatch = pytest.MonkeyPatch()
    try:
        ctx = make_ctx(Path(tmp), monkeypatch)
        if case[1] is not None:
            case[1](ctx)
        run = getattr(ctx, case[2]) if isinstance(case[2], str) else (lambda: case[2](ctx))
        _reaches_verdict(ctx, run, case[3])
    finally:
        monkeypatch.undo()
    print("verdict reached", flush=True)


def test_the_bomb_cases_are_there_and_run_limited():
    bombs = [c[0] for c in CASES if c[0].startswith(BOMB)]
    assert len(bombs) >= 9 and {"bomb-docx-ratio", "bomb-xlsx-shared-strings", "bomb-pdf-stream",
                                "bomb-yaml-codebook"} <= set(bombs)


def _as_text(result) -> str:
    if isinstance(result, pd.DataFrame):
        return result.to_csv() + _as_text(result.attrs.get("cleaning_report", ""))
    if isinstance(result, tuple):
        return "".join(_as_text(r) for r in result)
    return str(result)[:100_000]


def test_the_table_has_at_least_270_cases():
    assert len(CASES) >= 270  # 190 before issue 26, at least 80 more with it
    assert len({c[0] for c in CASES}) == len(CASES)
    errors = sum(isinstance(c[3], Err) for c in CASES)
    assert errors >= 100


# --------------------------------------------------------------------------- nothing revealed

@pytest.mark.parametrize("how", ["dotdot", "symlink"])
def test_an_outside_file_is_refused_alike_whether_it_exists_or_not(tmp_path, monkeypatch, how):
    messages = []
    for target in ("secret.txt", "nothing.txt"):
        ctx = make_ctx(tmp_path / target, monkeypatch)
        if how == "dotdot":
            ctx.set(0, file=f"../../outside/{target}", sha256=SECRET_SHA)
        else:
            os.symlink(ctx.outside / target, ctx.folder / "raw" / "link.txt")
            ctx.list_file("link.txt", "link", SECRET_SHA)
        with pytest.raises(CorpusError) as info:
            fr.load_corpus(ctx.folder)
        messages.append(str(info.value).replace(str(tmp_path / target), "<tmp>").replace(target, "<name>"))
    assert messages[0] == messages[1]
    assert "OUTSIDE" not in messages[0] and SECRET_SHA[:6] not in messages[0] and "missing" not in messages[0]


def test_check_of_a_missing_folder_exits_2_without_traceback():
    from framings.project import main

    assert main(["check", "--corpus", "/nonexistent/corpus"]) == 2


# --------------------------------------------------------------------------- atomic writes

def test_atomic_write_keeps_the_old_file_when_the_write_fails(tmp_path):
    from framings._io import atomic_path, atomic_write_text, stale_temporaries

    target = atomic_write_text(tmp_path / "report.csv", "old\n")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half a new fi", encoding="utf-8")
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert stale_temporaries(tmp_path) == []
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_atomic_write_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    """A coder's sheet made read-only for others stays so after every save, as with an ordinary write."""
    from framings._io import atomic_write_text

    target = atomic_write_text(tmp_path / "sheet.csv", "old\n")
    target.chmod(0o640)
    atomic_write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n" and (target.stat().st_mode & 0o777) == 0o640


def test_a_rerun_removes_temporaries_an_interrupted_run_left(tmp_path):
    from framings._io import remove_stale_temporaries, stale_temporaries

    (tmp_path / "01-x.png").write_bytes(b"png")
    (tmp_path / ".01-x.png.abc123.tmp.png").write_bytes(b"half")
    assert [p.name for p in stale_temporaries(tmp_path)] == [".01-x.png.abc123.tmp.png"]
    assert remove_stale_temporaries(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["01-x.png"]


def test_check_writes_the_report_by_rename(tmp_path, monkeypatch):
    """The report is replaced in one step: the inode changes, never a truncated file in place."""
    from framings.project import main

    folder = write_corpus(tmp_path / "c", {"a": ("x", DOC_A)})
    assert main(["check", "--corpus", str(folder)]) == 0
    first = (folder / "cleaning-report.csv").stat().st_ino
    assert main(["check", "--corpus", str(folder)]) == 0
    assert (folder / "cleaning-report.csv").stat().st_ino != first
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_save_figure_writes_png_and_sidecar_atomically(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = write_corpus(tmp_path / "c", {"a": ("x", DOC_A)})
    monkeypatch.setenv("FRAMINGS_FIGURES", str(tmp_path / "figures"))
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    png = fr.save_figure(fig, "line", notebook="07-test", corpus_path=folder)
    plt.close(fig)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in png.parent.iterdir()) == ["07-line.json", "07-line.png"]


# --------------------------------------------------------------------------- SIGTERM ends the whole run

def _sleeping_notebooks(folder: Path, n: int = 2) -> list[Path]:
    import nbformat

    paths = []
    for k in range(1, n + 1):
        notebook = nbformat.v4.new_notebook()
        code = ("import os, subprocess, time\n"
                "child = subprocess.Popen(['sleep', '300'])\n"
                f"open(r'{folder}/pids-{k}.tmp', 'w').write(f'{{os.getpid()}} {{child.pid}} {{os.getppid()}}')\n"
                f"os.replace(r'{folder}/pids-{k}.tmp', r'{folder}/pids-{k}')\n"
                "time.sleep(300)\n")
        notebook.cells = [nbformat.v4.new_code_cell(code)]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"0{k}-sleep.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rfind(")") + 2:].split()[0] != "Z"
    except OSError:
        return True


def _terminate_run(command: list[str], folder: Path, env: dict, cwd: Path, sig=signal.SIGTERM,
                   group: bool = False) -> tuple[list[int], subprocess.Popen]:
    """Start ``command`` (which runs the sleeping notebooks), wait until both kernels run, send ``sig``
    (to its process group when ``group``, as a terminal's Ctrl-C does)."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        for _ in range(1200):  # until both kernels have started their child (a hang guard, 120 s)
            if all((folder / f"pids-{k}").exists() for k in (1, 2)) or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert proc.poll() is None, proc.stdout.read().decode()
        pids = [int(p) for k in (1, 2) for p in (folder / f"pids-{k}").read_text().split()]
        if group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return pids, proc


def _assert_all_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 5  # the acceptance line: nothing of the run alive after 5 s
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    alive = [p for p in pids if _alive(p)]
    for pid in alive:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"still running 5 s after SIGTERM: {alive}"


@pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig, group", [(signal.SIGTERM, False), (signal.SIGINT, True)], ids=["SIGTERM", "Ctrl-C"])
def test_sigterm_of_figures_ends_workers_kernels_and_their_children(tmp_path, sig, group):
    paths = _sleeping_notebooks(tmp_path)
    env = {**os.environ, "FRAMINGS_FIGURES": str(tmp_path / "figures")}
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / ".01-old.png.x.tmp.png").write_bytes(b"left by a killed run")
    pids, proc = _terminate_run([sys.executable, "-m", "framings", "figures", *map(str, paths), "--jobs", "2"],
                                tmp_path, env, ROOT, sig, group)
    output = proc.stdout.read().decode()
    assert proc.returncode == 128 + sig, output
    assert f"stopped by {signal.Signals(sig).name}" in output
    _assert_all_gone(pids)  # kernels (own sessions), their children, the pool workers' kernels' parents
    assert list((tmp_path / "figures").iterdir()) == []  # the stale temporary is gone, nothing partial


@pytest.mark.skipif(shutil.which("make") is None or sys.platform == "win32", reason="needs make")
def test_sigterm_of_make_figures_leaves_no_process_of_the_run(tmp_path, corpus_copy):
    paths = _sleeping_notebooks(tmp_path)
    env = {**os.environ, "FRAMINGS_FIGURES": str(tmp_path / "figures"), "FRAMINGS_CORPUS": str(corpus_copy)}
    pids, proc = _terminate_run(["make", "--no-print-directory", "figures",
                                 "NOTEBOOKS=" + " ".join(map(str, paths))], tmp_path, env, ROOT)
    assert proc.returncode != 0
    _assert_all_gone(pids + [proc.pid])


# --------------------------------------------------------------------------- fuzzing

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
VALUES = st.recursive(st.none() | st.booleans() | st.integers(-5, 50) | st.floats(allow_nan=False) | st.text(max_size=8)
                      | st.sampled_from(["(a+)+$", "(", "\\1", "[", "yes", "false", "x"]),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                          st.sampled_from(["rule", "pattern", "find", "replace", "start", "end", "end_inclusive",
                                           "max_words", "note", "bogus"]), inner, max_size=4),
                      max_leaves=8)
RULE_KEYS = ["headings", "join_split_paragraphs", "homoglyphs", "replace", "drop_spans", "drop_lines",
             "drop_inline", "known_unrepaired", "description", "bogus"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_fuzz_tokenizer_never_crashes(text):
    tokens = fr.text.tokenize(text)
    assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in tokens)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, rules=st.dictionaries(st.sampled_from(RULE_KEYS), VALUES, max_size=4))
def test_fuzz_cleaner_with_mistyped_rules_gives_text_or_corpus_error(text, rules):
    os.environ["FRAMINGS_REGEX_TIMEOUT"] = "2"
    try:
        cleaned, report = fr.clean.clean_text(text, rules, doc_id="fuzz")
    except CorpusError as err:
        assert str(err).startswith("rules of fuzz")
    else:
        assert isinstance(cleaned, str)
        assert list(report.columns) == ["doc_id", "rule", "action", "matched", "count", "words_removed"]
    finally:
        os.environ.pop("FRAMINGS_REGEX_TIMEOUT", None)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab.+-@[]\\t x_é1", max_size=60))
def test_fuzz_linear_email_finder_matches_re_findall(text):
    from framings.clean._engine import _finder
    from framings.clean._rules import _EMAIL_PATTERN

    expected = [m.span() for m in re.finditer(_EMAIL_PATTERN, text)]
    assert [m.span() for m in _finder(_EMAIL_PATTERN, True).matches(text)] == expected


# --------------------------------------------------------------------------- the shortcuts change nothing

def test_cleaning_without_the_parser_shortcuts_gives_the_same_result(monkeypatch):
    """clean.py reads patterns with re's parser (a private module) only to skip lines and start
    positions that cannot match; without it (another Python) the cleaning must be the same."""
    import framings.clean._engine as clean
    from conftest import CORPUS

    corpus = fr.load_corpus(CORPUS)
    expected = fr.cleaning_report(corpus).to_csv(index=False)
    texts = list(corpus["text"])
    monkeypatch.setattr(clean, "_prefilter", lambda pattern: ())
    monkeypatch.setenv("FRAMINGS_CLEAN_CACHE", "0")  # clean again, not read the cache the first load filled
    original = clean._Finder.__init__

    def without_shortcuts(self, pattern, builtin=False):
        original(self, pattern, builtin)
        self.anchor, self.needed = None, ()

    monkeypatch.setattr(clean._Finder, "__init__", without_shortcuts)
    clean._finder.cache_clear()
    try:
        again = fr.load_corpus(CORPUS)
    finally:
        clean._finder.cache_clear()
    assert fr.cleaning_report(again).to_csv(index=False) == expected
    assert list(again["text"]) == texts


def test_the_schema_validator_is_reusable_for_other_files():
    from framings._schema import DictOf, Field, Int, ListOf, Map, Str, validate

    codebook = Map({"codes": Field(DictOf(Map({"label": Field(Str(nonempty=True), required=True),
                                                "examples": Field(ListOf(Str()), default=list)}),
                                          min_items=1), required=True),
                    "version": Field(Int(min=1))})
    assert validate({"codes": {"a": {"label": "A"}}}, codebook, file="codebook.yaml") == \
        {"codes": {"a": {"label": "A", "examples": []}}}
    with pytest.raises(CorpusError, match=r"^codebook\.yaml: key 'codes\.a\.label': expected a string, got the "
                                          r"number 3; quote it \('\.\.\.'\); key 'version': expected a whole "
                                          r"number, got the string '2'$"):
        validate({"codes": {"a": {"label": 3}}, "version": "2"}, codebook, file="codebook.yaml")
