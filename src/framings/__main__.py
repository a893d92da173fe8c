"""``python -m framings``: the command line (:mod:`framings.project`)."""
from .project import main

if __name__ == "__main__":
    main()
