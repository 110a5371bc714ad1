"""Measurements 1 and 2: `journeymap validate` vs a bare C-loader load and vs check-jsonschema."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from measures.common import Row, median, paired, run, tool

FLOOR_LOAD = """\
import gc, os, sys, yaml
gc.disable()
folder = sys.argv[1]
data = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        data.append(yaml.load(handle, Loader=yaml.CSafeLoader))
"""


def measure_validate(root: Path, runs: int, size: int) -> list[Row]:
    journeys = root / "journeys"
    floor_script = root / "floor_load.py"
    floor_script.write_text(FLOOR_LOAD)
    validate = [tool("journeymap"), "validate", "journeys", "--format", "json"]
    mine, base = paired(
        runs,
        lambda: run(validate, root),
        lambda: run([sys.executable, str(floor_script), str(journeys)], root),
    )
    rows = [
        Row(
            f"1. validate {size} journeys vs bare C-loader load",
            median(mine),
            median(base),
            "s",
            "<= 1.3x",
            median(mine) <= 1.3 * median(base),
            runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
        )
    ]
    files = sorted(str(p) for p in journeys.glob("*.yml"))
    schema_check = [tool("check-jsonschema"), "--schemafile", "journey.schema.json", *files]
    if Path(schema_check[0]).exists() or shutil.which(schema_check[0]):
        mine, base = paired(runs, lambda: run(validate, root), lambda: run(schema_check, root))
        rows.append(
            Row(
                f"2. validate {size} journeys vs check-jsonschema",
                median(mine),
                median(base),
                "s",
                ">= 3x faster",
                median(base) >= 3 * median(mine),
                runs={"ours": [r.seconds for r in mine], "floor": [r.seconds for r in base]},
            )
        )
    else:
        rows.append(Row("2. check-jsonschema", 0, None, "s", ">= 3x faster", None, "not installed"))
    return rows
