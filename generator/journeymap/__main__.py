"""`python -m journeymap`: the same command as `journeymap`."""

from journeymap.cli import main

main(prog_name="journeymap")
