"""Build the practice corpus `practice/inaugural/` from NLTK's inaugural.zip (run once, at build time).

    python tools/build_inaugural.py path/to/inaugural.zip practice/inaugural

The source is the NLTK data package "C-Span Inaugural Address Corpus" (id ``inaugural``,
github.com/nltk/nltk_data, packages/corpora/inaugural.zip; its index.xml says copyright and licence
"public domain"). The zip is checked against the MD5 that NLTK's index.xml records for it, so the texts are
the ones NLTK distributes. Two repairs, both to 2005-Bush.txt, which is the only file that is not UTF-8:

* it was saved in Big5 (code page 950): its apostrophes, quotation marks, dashes and ellipses are Big5's
  two-byte ’ (A1 A6), “ (A1 A7), ” (A1 A8), — (A1 58) and … (A1 4B), and every other byte is ASCII; the file is
  decoded as cp950 and written as UTF-8 (each decoded character is the one its context calls for);
* its paragraphs are separated by single line ends (every other file uses a blank line); a blank line is
  put between them, so paragraphs() sees the address's paragraphs, not one block.

Every other byte of every file is kept. Labels and dates are added by this script's table below; who chose
them and how is in ``label_basis`` and in the folder's README. Nothing here runs when the course runs:
the built folder is committed.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

# MD5 of inaugural.zip as recorded in nltk_data's index.xml (package id "inaugural")
NLTK_MD5 = "4e01cc9505ed7f9d04a330e67fb45509"

# file stem -> (president, party at the inauguration, date the address was given)
# Parties and dates: the public record (e.g. the U.S. Senate's list of inaugurations), written down by an AI
# assistant (Claude) from that record as it knows it, not copied from a cited file; see label_basis.
ADDRESSES = {
    "1789-Washington": ("George Washington", "unaffiliated", "1789-04-30"),
    "1793-Washington": ("George Washington", "unaffiliated", "1793-03-04"),
    "1797-Adams": ("John Adams", "Federalist", "1797-03-04"),
    "1801-Jefferson": ("Thomas Jefferson", "Democratic-Republican", "1801-03-04"),
    "1805-Jefferson": ("Thomas Jefferson", "Democratic-Republican", "1805-03-04"),
    "1809-Madison": ("James Madison", "Democratic-Republican", "1809-03-04"),
    "1813-Madison": ("James Madison", "Democratic-Republican", "1813-03-04"),
    "1817-Monroe": ("James Monroe", "Democratic-Republican", "1817-03-04"),
    "1821-Monroe": ("James Monroe", "Democratic-Republican", "1821-03-05"),
    "1825-Adams": ("John Quincy Adams", "Democratic-Republican", "1825-03-04"),
    "1829-Jackson": ("Andrew Jackson", "Democratic", "1829-03-04"),
    "1833-Jackson": ("Andrew Jackson", "Democratic", "1833-03-04"),
    "1837-VanBuren": ("Martin Van Buren", "Democratic", "1837-03-04"),
    "1841-Harrison": ("William Henry Harrison", "Whig", "1841-03-04"),
    "1845-Polk": ("James K. Polk", "Democratic", "1845-03-04"),
    "1849-Taylor": ("Zachary Taylor", "Whig", "1849-03-05"),
    "1853-Pierce": ("Franklin Pierce", "Democratic", "1853-03-04"),
    "1857-Buchanan": ("James Buchanan", "Democratic", "1857-03-04"),
    "1861-Lincoln": ("Abraham Lincoln", "Republican", "1861-03-04"),
    "1865-Lincoln": ("Abraham Lincoln", "Republican", "1865-03-04"),
    "1869-Grant": ("Ulysses S. Grant", "Republican", "1869-03-04"),
    "1873-Grant": ("Ulysses S. Grant", "Republican", "1873-03-04"),
    "1877-Hayes": ("Rutherford B. Hayes", "Republican", "1877-03-05"),
    "1881-Garfield": ("James A. Garfield", "Republican", "1881-03-04"),
    "1885-Cleveland": ("Grover Cleveland", "Democratic", "1885-03-04"),
    "1889-Harrison": ("Benjamin Harrison", "Republican", "1889-03-04"),
    "1893-Cleveland": ("Grover Cleveland", "Democratic", "1893-03-04"),
    "1897-McKinley": ("William McKinley", "Republican", "1897-03-04"),
    "1901-McKinley": ("William McKinley", "Republican", "1901-03-04"),
    "1905-Roosevelt": ("Theodore Roosevelt", "Republican", "1905-03-04"),
    "1909-Taft": ("William Howard Taft", "Republican", "1909-03-04"),
    "1913-Wilson": ("Woodrow Wilson", "Democratic", "1913-03-04"),
    "1917-Wilson": ("Woodrow Wilson", "Democratic", "1917-03-05"),
    "1921-Harding": ("Warren G. Harding", "Republican", "1921-03-04"),
    "1925-Coolidge": ("Calvin Coolidge", "Republican", "1925-03-04"),
    "1929-Hoover": ("Herbert Hoover", "Republican", "1929-03-04"),
    "1933-Roosevelt": ("Franklin D. Roosevelt", "Democratic", "1933-03-04"),
    "1937-Roosevelt": ("Franklin D. Roosevelt", "Democratic", "1937-01-20"),
    "1941-Roosevelt": ("Franklin D. Roosevelt", "Democratic", "1941-01-20"),
    "1945-Roosevelt": ("Franklin D. Roosevelt", "Democratic", "1945-01-20"),
    "1949-Truman": ("Harry S. Truman", "Democratic", "1949-01-20"),
    "1953-Eisenhower": ("Dwight D. Eisenhower", "Republican", "1953-01-20"),
    "1957-Eisenhower": ("Dwight D. Eisenhower", "Republican", "1957-01-21"),
    "1961-Kennedy": ("John F. Kennedy", "Democratic", "1961-01-20"),
    "1965-Johnson": ("Lyndon B. Johnson", "Democratic", "1965-01-20"),
    "1969-Nixon": ("Richard Nixon", "Republican", "1969-01-20"),
    "1973-Nixon": ("Richard Nixon", "Republican", "1973-01-20"),
    "1977-Carter": ("Jimmy Carter", "Democratic", "1977-01-20"),
    "1981-Reagan": ("Ronald Reagan", "Republican", "1981-01-20"),
    "1985-Reagan": ("Ronald Reagan", "Republican", "1985-01-21"),
    "1989-Bush": ("George H. W. Bush", "Republican", "1989-01-20"),
    "1993-Clinton": ("Bill Clinton", "Democratic", "1993-01-20"),
    "1997-Clinton": ("Bill Clinton", "Democratic", "1997-01-20"),
    "2001-Bush": ("George W. Bush", "Republican", "2001-01-20"),
    "2005-Bush": ("George W. Bush", "Republican", "2005-01-20"),
    "2009-Obama": ("Barack Obama", "Democratic", "2009-01-20"),
    "2013-Obama": ("Barack Obama", "Democratic", "2013-01-21"),
    "2017-Trump": ("Donald Trump", "Republican", "2017-01-20"),
    "2021-Biden": ("Joe Biden", "Democratic", "2021-01-20"),
}

# The label (framing column) groups the parties so that every label has enough documents to compare:
# the two parties of the present system, and the earlier ones (and Washington, who had none) together.
LABELS = {"Democratic": "democratic", "Republican": "republican"}
EARLIER = "earlier-parties"

LABEL_BASIS = (
    "Party of the president when the address was given (Lincoln 1865: elected on the National Union ticket as a "
    "Republican), written down by an AI assistant (Claude) from the public record as it knows it while building "
    "this folder (issue 29), not copied from a cited file: check it against the U.S. Senate's list of "
    "inaugurations before relying on it. The label groups parties: democratic, republican, and earlier-parties "
    "(Federalist, Democratic-Republican, Whig, and Washington, who belonged to none). A party is not a framing: "
    "whether a party's addresses share a way of speaking is the question the methods ask, not an answer.")


def _text(stem: str, data: bytes) -> bytes:
    """The file's bytes as UTF-8 (only 2005-Bush.txt is repaired; see the module's docstring)."""
    if stem == "2005-Bush":
        data = data.decode("cp950").encode("utf-8")
        data = b"\n\n".join(line.strip() for line in data.splitlines() if line.strip()) + b"\n"
    data.decode("utf-8")  # any other non-UTF-8 byte is an error, never guessed
    return data


def main(zip_path: str, out: str) -> None:
    import framings as fr

    raw = Path(zip_path).read_bytes()
    if hashlib.md5(raw).hexdigest() != NLTK_MD5:
        sys.exit(f"{zip_path}: not the inaugural.zip NLTK's index.xml describes (MD5 {NLTK_MD5})")
    with zipfile.ZipFile(zip_path) as archive, tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "texts"
        texts.mkdir()
        names = sorted(n for n in archive.namelist() if n.endswith(".txt"))
        if sorted(Path(n).stem for n in names) != sorted(ADDRESSES):
            sys.exit("the zip's files are not the 59 addresses this script labels")
        rows = []
        for name in names:
            stem = Path(name).stem
            original = archive.read(name)
            data = _text(stem, original)
            (texts / f"{stem.lower()}.txt").write_bytes(data)
            president, party, date = ADDRESSES[stem]
            note = f"NLTK inaugural corpus file {stem}.txt (SHA-256 {hashlib.sha256(original).hexdigest()})."
            if data != original:
                note += (" Repaired at build time: decoded from Big5 (cp950) to UTF-8, a blank line "
                         "put between paragraphs (tools/build_inaugural.py).")
            rows.append({"file": f"{stem.lower()}.txt", "doc_id": stem.lower(), "party_label": LABELS.get(party, EARLIER),
                         "title": f"Inaugural address of {president}", "authors": president, "date": date,
                         "year": date[:4], "outlet": "U.S. presidential inauguration (C-SPAN transcript)",
                         "kind": "speech", "url": "", "notes": note, "label_basis": LABEL_BASIS, "party": party})
        table = Path(tmp) / "addresses.csv"
        pd.DataFrame(rows).to_csv(table, index=False)
        fr.corpus.init_corpus(out, texts, table, framing_column="party_label", id_column="doc_id")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
