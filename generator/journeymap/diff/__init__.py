"""What a change does to what the team knows: the two sides, the comparison, its formats.

`sides` checks the working tree and the base (git's merge-base, or a folder), each
against its own research folder, and describes the base (`policy` reads its options);
`compare` pairs their journeys, `stages` and `findings` compare what is inside,
`studies` the two sides' studies; `changes` holds the resulting `Diff`, which
`formats/` prints. `command` is `journeymap diff` in one call; `changed_since`
is the filter of `validate --changed-since`.
"""
