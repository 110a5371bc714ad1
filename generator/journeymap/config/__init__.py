"""The policy: the options table, the settings derived from it, reading mkdocs.yml."""
