"""The template context is a public contract (site_templates/ may be overridden): it is
typed in journeymap.site.context, every field is documented there, renaming a field fails
here, and every shipped template renders from a context built by hand from those types
(undefined names are errors), with each optional part present. A team's override that
fails is named at its file and line; one that cannot be read is no crash."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup
from journeymap.config.settings import settings_from_options
from journeymap.site import context as views
from journeymap.site import plan as siteplan
from journeymap.site import templates
from markupsafe import Markup
from repo_paths import PACKAGE, readme_section
from site_helpers import BETA, html_of, report_for, write_site

#: The contract: renaming or removing a field breaks teams' template overrides. Change
#: this list only on purpose, and say so in the release notes.
CONTRACT = {
    "StatusCount": "status label help count",
    "Figures": "counts stages evidenced share confirmed_share complaints contradicted",
    "Tally": "key label count",
    "EvidenceView": (
        "kind kind_label summary source date age fresh stance sentiment sample quote url "
        "is_number is_complaint"
    ),
    "WaiverView": "reason approved_by until in_force days_left",
    "StageView": (
        "id anchor number title phase status status_label status_help assumption assumed_by "
        "evidence stances kinds voices numbers complaints emotion emotion_text emotion_tone "
        "emotion_label pain_points opportunities touchpoints next waiver call_to_action "
        "newest_evidence newest_age gap known_since"
    ),
    "MapBlock": "phase continued stages",
    "TocEntry": "title anchor children",
    "BacklogItem": "stage gap label help status reason next_step due known_since",
    "JourneyView": (
        "id title persona owner summary tags source_path edit_url url stages blocks "
        "has_phases figures backlog diagram emotion toc"
    ),
    "Filter": "name label options",
    "DashboardRow": "journey urgency owner persona tags statuses",
    "GapCount": "gap label help status count",
    "BacklogGroup": "journey anchor items",
    "PageIds": "journey flow map emotion stages journeys table statuses gaps unreadable",
    "Portfolio": (
        "journeys rows filters figures backlog backlog_counts gaps errors warnings infos today "
        "max_age_days links ids known_gaps"
    ),
}


def view_classes() -> dict[str, type]:
    return {
        name: cls
        for name, cls in inspect.getmembers(views, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == views.__name__
    }


def test_the_template_context_keeps_its_field_names() -> None:
    found = {
        name: " ".join(field.name for field in dataclasses.fields(cls))
        for name, cls in view_classes().items()
    }
    assert found == CONTRACT


def test_every_field_of_the_template_context_is_documented() -> None:
    tree = ast.parse((PACKAGE / "site" / "context.py").read_text())
    undocumented = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        assert ast.get_docstring(node), f"{node.name} has no docstring"
        body = node.body
        for index, statement in enumerate(body):
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                following = body[index + 1] if index + 1 < len(body) else None
                documented = (
                    isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                )
                if not documented:
                    undocumented.append(f"{node.name}.{statement.target.id}")
    assert undocumented == []


def test_the_readme_points_overrides_at_the_typed_context() -> None:
    section = readme_section("Overriding templates")
    assert "journeymap/site/context.py" in section
    for name in ("journey.html", "dashboard.html", "gaps.html", "journeymap.js"):
        assert name in section


def sample() -> views.Portfolio:
    """A context built by hand from the types, with every optional part present."""
    evidence = [
        views.EvidenceView(
            kind="complaint",
            kind_label="Complaint",
            summary="Ev summary <one>",
            source="Ev source",
            date="2026-10-01",
            age="2 months ago",
            fresh=True,
            stance="contradicts",
            sentiment="negative",
            sample=12,
            quote="Ev quote",
            url="https://example.com/notes",
            is_number=False,
            is_complaint=True,
        ),
    ]
    evidence.append(
        dataclasses.replace(
            evidence[0],
            kind="analytics",
            kind_label="Analytics",
            summary="Ev summary two",
            fresh=False,
            stance="supports",
            sentiment=None,
            sample=None,
            quote=None,
            url=None,
            is_number=True,
            is_complaint=False,
        )
    )

    def stage(number: int, **changes: object) -> views.StageView:
        base = views.StageView(
            id=f"s{number}",
            anchor=f"stage-s{number}",
            number=number,
            title=f"Stage title {number}",
            phase="Discover",
            status="contested",
            status_label="Contested",
            status_help="customers disagree with each other",
            assumption=f"Assumption {number}",
            assumed_by="Design team",
            evidence=evidence,
            stances=[
                views.Tally("contradicts", "contradict", 1),
                views.Tally("supports", "support", 1),
            ],
            kinds=["Complaint", "Analytics"],
            voices=1,
            numbers=1,
            complaints=1,
            emotion=-2,
            emotion_text="\u22122",
            emotion_tone="neg",
            emotion_label="very negative",
            pain_points=["Pain one"],
            opportunities=["Opportunity one"],
            touchpoints=["email"],
            next=["Stage title 2"],
            waiver=None,
            call_to_action=None,
            newest_evidence="2026-10-01",
            newest_age="2 months ago",
            gap="contested",
        )
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    waived = stage(
        2,
        phase=None,
        status="unvalidated",
        status_label="Unvalidated",
        evidence=[],
        stances=[],
        kinds=[],
        emotion=None,
        emotion_text=None,
        emotion_tone=None,
        emotion_label=None,
        pain_points=[],
        opportunities=[],
        touchpoints=[],
        next=[],
        waiver=views.WaiverView("Waiver reason", "Head of CX", "2026-01-31", False, -300),
        call_to_action="Talk to customers about “Stage title 2”.",
        newest_evidence=None,
        newest_age=None,
        gap="expired",
    )
    stages = [stage(1), waived]
    counts = [
        views.StatusCount("unvalidated", "Unvalidated", "guessing", 1),
        views.StatusCount("contested", "Contested", "disagree", 1),
        views.StatusCount("confirmed", "Confirmed", "confirm", 0),
    ]
    figures = views.Figures(counts, 2, 1, 50, 0, 1, 0)
    backlog = [
        views.BacklogItem(
            waived, "expired", "Waiver expired", "ran out", "unvalidated", "Why two", "Do two",
            "2026-01-31",
        ),
        views.BacklogItem(
            stages[0], "contested", "Contested", "disagree", "contested", "Why one", "Do one", None
        ),
    ]  # fmt: skip
    journey = views.JourneyView(
        id="j",
        title="Journey title",
        persona="Persona",
        owner="Owner team",
        summary="Summary",
        tags=["tag"],
        source_path="journeys/j.yml",
        edit_url="https://example.com/edit/j.yml",
        url="journeys/j/",
        stages=stages,
        blocks=[views.MapBlock("Discover", False, stages[:1]), views.MapBlock(None, False, stages[1:])],
        has_phases=True,
        figures=figures,
        backlog=backlog,
        diagram=Markup('<svg class="diagram"></svg>'),
        emotion=Markup('<svg class="jm-emotion"></svg>'),
        toc=[views.TocEntry("Stages in detail", "jm-stages", [views.TocEntry("Stage title 1", "stage-s1")])],
    )  # fmt: skip
    return views.Portfolio(
        journeys=[journey],
        rows=[views.DashboardRow(journey, 1, "o1", "p1", ["t1"], ["unvalidated", "contested"])],
        filters=[
            views.Filter("owner", "Owner", [views.Tally("o1", "Owner team", 1)]),
            views.Filter("tag", "Tag", [views.Tally("t1", "tag", 1)]),
        ],
        figures=figures,
        backlog=[views.BacklogGroup(journey, "jm-gaps-j", backlog)],
        backlog_counts=[views.GapCount("expired", "Waiver expired", "ran out", "unvalidated", 1)],
        gaps=2,
        errors=0,
        warnings=0,
        infos=0,
        today="2026-11-25",
        max_age_days=365,
        links={"dashboard": "", "gaps": "gaps/"},
    )


@pytest.mark.parametrize(
    "template", ["journey.html", "dashboard.html", "gaps.html", templates.JOURNEY_SEARCH]
)
def test_each_shipped_template_renders_from_the_typed_context(template: str) -> None:
    portfolio = sample()
    env = templates.environment()  # StrictUndefined: a name the context lacks is an error
    html = templates.render(
        env, template, lambda url: "/" + url, portfolio=portfolio, journey=portfolio.journeys[0]
    )
    page = BeautifulSoup(html, "html.parser")
    text = page.get_text(" ")
    if template == templates.JOURNEY_SEARCH:
        assert [h3["id"] for h3 in page.select("h3")] == ["stage-s1", "stage-s2"]
        assert "Ev quote" in text and "Waiver reason" in text
    elif template == "journey.html":
        for part in ("Journey title", "Stage title 1", "Assumption 1", "Ev summary <one>",
                     "Ev quote", "Ev source", "Waiver reason", "Pain one", "Discover"):  # fmt: skip
            assert part in text, part
        assert page.select_one("h3#stage-s1") is not None
        assert page.select_one("svg.diagram") is not None
        assert [s["data-stage"] for s in page.select("section[data-stage]")] == ["s1", "s2"]
    elif template == "dashboard.html":
        row = page.select_one('tr[data-journey="j"]')
        assert row is not None and row["data-f-owner"] == "o1" and row["data-f-tag"] == "t1"
        assert page.select_one('select[name="owner"] option[value="o1"]') is not None
    else:
        rows = page.select("tr[data-stage]")
        assert [(r["data-stage"], r["data-gap"]) for r in rows] == [
            ("s2", "expired"),
            ("s1", "contested"),
        ]
        assert "Do two" in text and "Owner team" in text


def test_a_name_the_context_lacks_is_an_error_not_an_empty_string() -> None:
    env = templates.environment()
    template = env.from_string("{{ journey.titel }}")
    with pytest.raises(Exception, match="titel"):
        template.render(journey=sample().journeys[0])


def test_assets_come_from_the_overrides_folder_first(tmp_path: Path) -> None:
    (tmp_path / "journeymap.js").write_text("/* ours */", encoding="utf-8")
    assert templates.asset_text("journeymap.js", tmp_path) == "/* ours */"
    assert "@page" in templates.asset_text("journeymap.css", tmp_path)
    for uri in siteplan.ASSETS:
        assert templates.asset_text(PurePosixPath(uri).name)


def test_the_search_view_leaves_out_the_marked_parts() -> None:
    html = (
        "<h1>A</h1>" + templates.DEFER_START + "<svg>1</svg>" + templates.DEFER_END + "<p>B</p>"
        + templates.DEFER_START + "<div>2</div>" + templates.DEFER_END
    )  # fmt: skip
    assert templates.search_view(html) == "<h1>A</h1><p>B</p>"
    assert templates.search_view("<p>no marks</p>") == "<p>no marks</p>"
    unclosed = "<p>a</p>" + templates.DEFER_START + "<p>b</p>"
    assert templates.search_view(unclosed) == unclosed


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("<p>\n{% if %}\n</p>", 2),  # syntax
        ("<p>\n\n{{ journey.nope.deeper }}</p>", 3),  # undefined
        ("<p>{{ journey.title() }}</p>", 1),  # a TypeError inside the template
    ],
)
def test_a_broken_override_is_named_at_its_file_and_line(
    beta_project: Path, template: str, line: int
) -> None:
    root = beta_project
    (root / "ours").mkdir()
    (root / "ours" / "journey.html").write_text(template, encoding="utf-8")
    settings = settings_from_options({"templates": "ours"}, root, root / "mkdocs.yml")
    plan = siteplan.plan(report_for(root), settings)
    with pytest.raises(templates.TemplateFailed, match=rf"ours/journey\.html:{line}: the page"):
        html_of(plan, "journeys/beta.md")


def test_a_dangling_link_in_the_overrides_folder_is_no_crash(tmp_path: Path) -> None:
    import os

    root = write_site(tmp_path, {"beta": BETA})
    (root / "ours").mkdir()
    os.symlink("nowhere.html", root / "ours" / "journey.html.bak")
    settings = settings_from_options({"templates": "ours"}, root, root / "mkdocs.yml")
    plan = siteplan.plan(report_for(root), settings)
    assert "Beta journey" in html_of(plan, "journeys/beta.md")
