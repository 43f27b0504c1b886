"""`python -m assistant.cli ...` runs the `baocao` command line."""

from assistant.cli.main import main

main()
