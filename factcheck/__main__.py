"""``python -m factcheck`` runs the command-line interface."""

from factcheck.cli import main

if __name__ == "__main__":
    main()
