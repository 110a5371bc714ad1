"""Which files make the portfolio, on disk and at a git revision, and git itself.

One set of rules (`discovery`) over a `tree.Tree`: the file system (`disk`, which also
holds the bounds links must stay in and how a file is read) or a commit (`git_tree`,
over the read-only git runner in `git`).
"""
