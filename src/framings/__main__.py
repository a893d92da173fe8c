"""``python -m framings``: the command line (:mod:`framings.project`)."""
import sys

from .project import main

if __name__ == "__main__":
    sys.exit(main())
