"""figures writes the tables a notebook shows beside its figures (issue 30): the exact frames, not their HTML."""

import nbformat
import pandas as pd
import pytest

from framings.project import execute_notebook

pytest.importorskip("nbclient")


def test_every_displayed_table_is_written_and_the_saved_copy_reads_as_if_nothing_was_added(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("A table, a styled table, a cell with two tables, a number."),
        nbformat.v4.new_code_cell("import pandas as pd\n"
                                  "df = pd.DataFrame({'term': ['=cmd', 'b'], 'p': [1 / 3, 2e-30]})\ndf"),
        nbformat.v4.new_code_cell("df.style.format(precision=1)"),
        nbformat.v4.new_code_cell("display(df.head(1))\ndf.tail(1)"),
        nbformat.v4.new_code_cell("1 + 1"),
    ])
    path = tmp_path / "09-demo.ipynb"
    nbformat.write(notebook, path)
    tables = tmp_path / "tables"
    (tables).mkdir()
    (tables / "09-demo-cell07.csv").write_text("from an earlier run")  # gone after this run
    executed = execute_notebook(path, tables=tables, executed_dir=tmp_path / "executed")

    assert sorted(p.name for p in tables.iterdir()) == [
        "09-demo-cell01.csv", "09-demo-cell02.csv", "09-demo-cell03-2.csv", "09-demo-cell03.csv"]
    first = pd.read_csv(tables / "09-demo-cell01.csv", encoding="utf-8-sig")
    # exact values (the HTML shows 0.333333 and 2.000000e-30); the formula-like cell neutralised (OWASP)
    assert first["p"].tolist() == [1 / 3, 2e-30] and first["term"].tolist() == ["'=cmd", "b"]
    styled = pd.read_csv(tables / "09-demo-cell02.csv", encoding="utf-8-sig")
    assert styled["p"].tolist() == [1 / 3, 2e-30]  # the styler's data, not its rounded display
    assert pd.read_csv(tables / "09-demo-cell03.csv", encoding="utf-8-sig")["term"].tolist() == ["'=cmd"]
    assert pd.read_csv(tables / "09-demo-cell03-2.csv", encoding="utf-8-sig")["term"].tolist() == ["b"]

    saved = nbformat.read(tmp_path / "executed" / "09-demo.ipynb", as_version=4)
    for copy in (executed, saved):
        assert len(copy.cells) == 5 and copy.cells[0].cell_type == "markdown"
        assert [c.execution_count for c in copy.cells if c.cell_type == "code"] == [1, 2, 3, 4]
        assert copy.cells[4].outputs[0]["execution_count"] == 4
        assert "record_tables" not in nbformat.writes(copy)


def test_record_tables_outside_a_kernel_says_where_to_call_it():
    from framings.project import record_tables

    with pytest.raises(RuntimeError, match="not in an IPython kernel"):
        record_tables("x")
