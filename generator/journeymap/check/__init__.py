"""Checking a portfolio: the pipeline, its report, findings, the rules, and the formats.

`pipeline` reads each file of `sources`, runs the registry's checks of `rules/` by
scope (file, journey, stage, then the portfolio) and combines the results into a
`report.Report` of `findings.Finding`s; `baseline` then turns the failing findings the
baseline file lists into known gaps (infos), and tells its closed entries (the rules'
baseline scope); `formats/` prints it, one module per format.
"""
