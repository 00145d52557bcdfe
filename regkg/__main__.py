"""`python -m regkg` runs the CLI."""

from regkg.cli import main

main()
