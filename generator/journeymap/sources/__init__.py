"""Which files make the portfolio, on disk and at a git revision, and git itself."""
