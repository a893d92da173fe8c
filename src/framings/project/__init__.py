"""Tooling, not analysis: the command line, the notebook runner, the figure catalogue and the site builder.
"""

from ._catalogue import write_catalogue
from ._cli import main
from ._run import (
    HEARTBEAT,
    PROGRESS_EVERY,
    cell_errors,
    execute_notebook,
    exercise_paths,
    notebook_paths,
    project_root,
    run_notebooks,
    start_order,
)
from ._tables import record_tables, tables_dir
from ._site import (
    build_report,
    figure_anchor,
    path_finder,
    scan_site,
    site_figures,
    stage_notebook,
    stage_site,
)

# path_finder: shared with the stages above, not part of the documented API
__all__ = [
    "main", "project_root", "notebook_paths", "exercise_paths", "cell_errors", "execute_notebook",
    "PROGRESS_EVERY", "HEARTBEAT", "run_notebooks", "start_order", "write_catalogue", "figure_anchor", "site_figures",
    "stage_notebook", "stage_site", "scan_site", "build_report", "record_tables", "tables_dir",
]
