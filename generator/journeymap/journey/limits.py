"""How large a journey file may be: beyond these limits it is one finding, not minutes of work.

A journey map is read by people: a realistic one has 5 to 50 stages and a few evidence
items on each (about 3 KB a stage, bench/generate.py), a very large one some hundreds.
Far past that, the work grows faster than the file (Material's search indexes a page's
headings in quadratic time: a 20,000-stage journey took 70 s of it; Graphviz gives up),
so a journey file beyond a limit is not read at all: its one finding says which limit,
where, and what to do. Measured on a 2-core machine, the largest journey within every
limit (500 stages of 11 evidence items, 1 MiB) builds in 2.5 s, 110 MB of memory.

- A file of more than `MAX_FILE_BYTES` is not read (its size is asked of the file system
  first, so a 40 MB file costs nothing): one `yaml-syntax` finding for the file, the code
  of every file that cannot be read.
- A journey of more than `MAX_STAGES` stages, or a stage of more than `MAX_EVIDENCE`
  evidence items, is one `schema` finding at the `stages` (or that `evidence`) key.
  Aliases count as what they repeat.
"""

from __future__ import annotations

from typing import Any

from journeymap.journey.loader import Document, LoadError

#: The largest journey file that is read, in bytes (a realistic journey is 10-100 KB).
MAX_FILE_BYTES = 1024 * 1024
#: The most stages one journey may have.
MAX_STAGES = 500
#: The most evidence items one stage may have.
MAX_EVIDENCE = 200


def _size(count: int) -> str:
    """A size as people read it: "3.1 MiB", "64 GiB"."""
    for unit, name in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if count >= unit:
            return f"{count / unit:.1f}".removesuffix(".0") + f" {name}"
    return f"{count} bytes"


def file_too_large(size: int) -> str | None:
    """Why a file of `size` bytes is not read, or None when it is within the limit."""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"the file is {_size(size)}, more than the {_size(MAX_FILE_BYTES)} a journey file may "
        "hold, so it is not read: split the journey into several files (one per part of the "
        "customer's way), and summarise evidence instead of pasting it whole"
    )


def beyond_limits(document: Document) -> LoadError | None:
    """The finding for a journey with too many stages or a stage with too much evidence
    (a `schema` error at the key), or None. Counts lists, never validates their items."""
    data = document.data
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, list):
        return None
    if len(stages) > MAX_STAGES:
        return LoadError(
            f"the journey has {len(stages):,} stages, more than the {MAX_STAGES} a journey "
            "may have, so it is not read: split it into several journeys (one per part of "
            "the customer's way, e.g. one per phase)",
            document.position(("stages",), key=True),
            syntax=False,
        )
    for index, stage in enumerate(stages):
        evidence = stage.get("evidence") if isinstance(stage, dict) else None
        if isinstance(evidence, list) and len(evidence) > MAX_EVIDENCE:
            given = stage.get("id")
            return LoadError(
                f"{_stage_name(stage, index)} has {len(evidence):,} evidence items, more than "
                f"the {MAX_EVIDENCE} a stage may have, so the journey is not read: make each "
                "item one study, survey or ticket tag, with the number of people or tickets "
                "behind it in `sample`",
                document.position(("stages", index, "evidence"), key=True),
                syntax=False,
                stage=given if isinstance(given, str) else None,
            )
    return None


def _stage_name(stage: dict[Any, Any], index: int) -> str:
    given = stage.get("id")
    if not isinstance(given, str):
        return f"stage {index + 1}"
    return f"stage {given if len(given) <= 40 else given[:39] + '…'!r}"
