"""Checking a portfolio: the pipeline, findings, the rules, and the report formats."""
