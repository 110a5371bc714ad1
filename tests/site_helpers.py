"""Helpers for the site tests: write a portfolio to a folder, build it with real MkDocs,
check it with the real core, plan and render its pages in this process, read the HTML,
and preview it with a real `journeymap serve`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup
from commands import environment, journeymap_command
from journey_helpers import REAL_TODAY
from journeymap.check.pipeline import check
from journeymap.check.report import Report
from journeymap.config.settings import load_settings, settings_from_options
from journeymap.site.plan import SitePlan, plan
from journeymap.site.rendering import PageRenderer

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def days_ago(days: int) -> str:
    return (REAL_TODAY - dt.timedelta(days=days)).isoformat()


def evidence(stance: str, days: int = 10, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kind": "interview",
        "summary": f"Customers {stance} it.",
        "source": "Interview notes",
        "date": days_ago(days),
        "stance": stance,
    }
    item.update(extra)
    return item


def stage(stage_id: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": stage_id,
        "title": f"Stage {stage_id}",
        "assumption": f"People get through {stage_id}.",
    }
    if items:
        data["evidence"] = list(items)
    data.update(extra)
    return data


def waiver(days_ahead: int = 90) -> dict[str, Any]:
    return {
        "reason": "Fixed by law this year.",
        "approved_by": "Head of CX",
        "until": (REAL_TODAY + dt.timedelta(days=days_ahead)).isoformat(),
    }


def journey(title: str, *stages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"title": title, **extra, "stages": list(stages)}


#: A portfolio with every status a successful build can show (unvalidated fails it).
ALPHA = journey(
    "Alpha journey",
    stage(
        "start",
        evidence("supports", kind="survey", sample=120),
        emotion=1,
        touchpoints=["website"],
        next=["check", "pay"],
    ),
    stage(
        "check",
        evidence("contradicts", kind="complaint", sentiment="negative", sample=12),
        evidence("supports", kind="analytics"),
        emotion=-2,
        pain_points=["Slow"],
    ),
    stage("pay", evidence("contradicts", kind="support-ticket", sentiment="negative")),
    stage("old", evidence("supports", days=500)),
    stage("waived", waiver=waiver()),
    stage("mixed", evidence("mixed", url="https://example.com/notes")),
    persona="Owner",
    owner="Team A",
    summary="Alpha summary.",
    tags=["a", "b"],
)
BETA = journey(
    "Beta journey",
    stage("one", evidence("supports")),
    stage("two", evidence("supports", kind="review", sentiment="positive")),
)

#: Fails a build: its second stage has no evidence (unvalidated-stage).
UNVALIDATED = journey("Broken", stage("one", evidence("supports")), stage("two"))
#: Only a warning (stale-evidence): fails a strict build alone.
STALE = journey("Stale", stage("old", evidence("supports", days=900)))

#: No stage confirmed: three contradicted, one stale (a green "100%" would lie here).
GAMMA = journey(
    "Gamma journey",
    stage("g1", evidence("contradicts", kind="complaint", sentiment="negative")),
    stage("g2", evidence("contradicts", kind="review")),
    stage("g3", evidence("contradicts", kind="survey"), touchpoints=["phone"]),
    stage("g4", evidence("supports", days=400, kind="observation")),
    owner="Team C",
    persona="Reseller",
    tags=["b"],
)
#: Numbers only, and two waivers that end on different days.
DELTA = journey(
    "Delta journey",
    stage("d1", evidence("supports", kind="analytics"), evidence("supports", kind="metric")),
    stage("d2", waiver=waiver(200)),
    stage("d3", waiver=waiver(20)),
    owner="Team A",
)

LONG_TITLES = [
    "Sign in to My Account with the new single sign-on",
    "Find the invoice",
    "Open the PDF attachment",
    "Check the amount against the order",
    "Call support about a charge they do not recognise",
    "Pay by card",
    "Get a receipt",
    "Update the billing address",
    "Download all invoices for the tax year",
    "Ask the accountant",
    "Dispute a charge",
    "Read the reply",
    "Change the plan",
    "Export the data",
    "Close the account",
    "Receive the final invoice",
    "Pay the final invoice",
    "Leave a review",
    "Come back later",
    "Reactivate the account after a long break away",
]
PHASES = ["Discover", "Sign up", "Use", "Leave"]


def long_journey(phases: bool = True) -> dict[str, Any]:
    """Twenty stages, four phases (unless `phases` is false), every status a build allows,
    long titles, a branch, and a stage without emotion data."""
    kinds = ["interview", "survey", "support-ticket", "usability-test", "review"]
    stages = []
    for index, title in enumerate(LONG_TITLES):
        stance = ["supports", "contradicts", "mixed", "supports"][index % 4]
        items = [
            evidence(
                stance,
                kind=kinds[index % 5],
                summary=f"Finding {index} from customers.",
                quote=f"Quote {index} in their words.",
            ),
            evidence("supports", days=30, kind="analytics", summary=f"Funnel figure {index}."),
        ]
        extra: dict[str, Any] = {
            "title": title,
            "emotion": [2, 1, 0, -1, -2][index % 5] if index != 7 else None,
            "pain_points": [f"Pain {index}"],
            "opportunities": [f"Opportunity {index}"],
            "touchpoints": ["email", "web"],
        }
        if phases:
            extra["phase"] = PHASES[index // 5]
        if index == 2:
            extra["next"] = [f"s{index + 3}", f"s{index + 2}"]
        if index == 12:
            data = stage(f"s{index + 1}", waiver=waiver(40), **extra)
        elif index == 16:
            old = evidence("supports", days=500, summary=f"Old finding {index}.")
            data = stage(f"s{index + 1}", old, **extra)
        else:
            data = stage(f"s{index + 1}", *items, **extra)
        data["emotion"] = extra["emotion"]
        if data["emotion"] is None:
            del data["emotion"]
        stages.append(data)
    return journey(
        "Twenty stages",
        *stages,
        persona="Finance manager",
        owner="Billing team",
        tags=["billing", "long"],
        summary="A long journey.",
    )


def node_centres(svg: str) -> dict[str, tuple[float, float]]:
    """Where a rendered diagram draws each stage: its link (`#stage-…`) -> the centre of
    its box (x to the right, y downwards, in the SVG's own units)."""
    drawn = BeautifulSoup(svg, "html.parser")
    centres = {}
    for node in drawn.select("g.node"):
        link = node.select_one("a")
        shape = node.select_one("path, polygon")
        assert link is not None and shape is not None
        numbers = [
            float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape["points"])
        ]
        xs, ys = numbers[0::2], numbers[1::2]
        centres[str(link["xlink:href"])] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return centres


def node_rows(svg: str) -> list[list[str]]:
    """The diagram's nodes by row (top to bottom), each row's stage links left to right."""
    rows: list[list[tuple[float, str]]] = []
    last = None
    for (y, x), href in sorted((yx[::-1], href) for href, yx in node_centres(svg).items()):
        if last is None or abs(y - last) > 5:
            rows.append([])
        rows[-1].append((x, href))
        last = y
    return [[href for _, href in sorted(row)] for row in rows]


def mkdocs_config(**overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "site_name": "Fixture journeys",
        "repo_url": "https://github.com/acme/journeys",
        "edit_uri": "edit/main/",
        "theme": {"name": "material", "features": ["content.action.edit"]},
        "plugins": ["search", {"journeymap": {"journeys": "journeys"}}],
    }
    config.update(overrides)
    return config


def write_site(
    root: Path,
    journeys: Mapping[str, dict[str, Any] | str],
    config: dict[str, Any] | None = None,
    docs: Mapping[str, str] | None = None,
) -> Path:
    """Write mkdocs.yml, journeys/<id>.yml and docs/ under `root`; return root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config or mkdocs_config(), sort_keys=False), encoding="utf-8"
    )
    folder = root / "journeys"
    folder.mkdir(exist_ok=True)
    for name, data in journeys.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    for name, text in (docs or {"about.md": "# About\n\nHand-written.\n"}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path) -> Path:
    """A real `mkdocs build` in this process; returns the site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config = load_config(config_file=str(root / "mkdocs.yml"))
    mkdocs_build(config)
    return Path(config.site_dir)


def generate_pages(root: Path, out: str) -> None:
    """`journeymap generate --out OUT` for the project in `root`, in this process (a
    refusal is an exception, where the command exits 2)."""
    from journeymap.builders.generate import generate

    generate(root / out, load_settings(root / "mkdocs.yml"))


def report_for(root: Path) -> Report:
    """What the core says about the same portfolio."""
    return check(None, load_settings(root / "mkdocs.yml"))


def plan_for(root: Path, **options: Any) -> SitePlan:
    """The site plan of the project in `root` (its journeys, the default options), without
    MkDocs; `options` go to `plan()` (`site`, `preview`, `memo`...)."""
    settings = settings_from_options({}, root, root / "mkdocs.yml")
    return plan(report_for(root), settings, **options)


def html_of(site_plan: SitePlan, uri: str) -> str:
    """The HTML of the page the plan puts at `uri`, rendered in this process."""
    return PageRenderer(site_plan).html(site_plan.by_uri[uri])


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def stages_of(page: Path) -> list[tuple[str, str]]:
    """(stage id, status) of each stage section of a journey page, in page order."""
    return [(str(e["data-stage"]), str(e["data-status"])) for e in soup(page).select(".jm-stage")]


def linked_file(site: Path, page: Path, href: str) -> Path:
    """The file of the built `site` that a relative link on `page` leads to (a folder's
    address leads to its index.html)."""
    target = urlsplit(urljoin("http://site/" + page.relative_to(site).as_posix(), href))
    path = target.path.lstrip("/")
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below `folder` by relative path, with its SHA-256: equal when nothing changed."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 10, error_pages: bool = True) -> str | None:
    """The page at `url`, or None when nothing answers (nor, unless `error_pages`, when
    the answer is an HTTP error); raises if the request hangs."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8", errors="replace")) if error_pages else None
    except (urllib.error.URLError, ConnectionError):
        return None


class Serving:
    """A real `journeymap serve` on a free port, for a `with` block; `constants` as for
    `commands.journeymap`."""

    def __init__(
        self, root: Path, constants: Mapping[str, float] | None = None, **env: str
    ) -> None:
        self.root = root
        self.env = env
        self.constants = constants
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.errors = ""

    def __enter__(self) -> Serving:
        self.process = subprocess.Popen(
            journeymap_command("serve", "-a", f"127.0.0.1:{self.port}", constants=self.constants),
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(**self.env),
        )
        return self

    def wait_for(
        self,
        path: str,
        text: str,
        seconds: float = 60,
        error_pages: bool = True,
        absent: str | None = None,
    ) -> str:
        """The page once it holds `text` (an HTTP error's page counts unless not
        `error_pages`), and not `absent`; fails the test after `seconds`."""
        import time

        deadline = time.monotonic() + seconds
        page = None
        while time.monotonic() < deadline:
            page = fetch(self.url + path, error_pages=error_pages)
            if page is not None and text in page and (absent is None or absent not in page):
                return page
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        without = f" without {absent!r}" if absent else ""
        raise AssertionError(f"{path} never showed {text!r}{without}; last: {(page or '')[:300]!r}")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            _, self.errors = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, self.errors = self.process.communicate()
