"""The measurements of bench/run.py, one module per area."""
