"""Journey checks: the stages of one journey together (ids, `next` links, the flow)."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.check.findings import Severity
from journeymap.check.rules.context import JourneyContext
from journeymap.check.rules.registry import Issue, Scope, rule
from journeymap.text import did_you_mean


@rule(
    "duplicate-id",
    Severity.ERROR,
    "two stages in a journey, or two journeys, share an id",
    scope=Scope.JOURNEY,
)
def duplicate_stage_id(ctx: JourneyContext) -> Iterator[Issue]:
    """Two stages of one journey share an id (or two journey files do).

    Points at the second stage's `id` (for two journey files, at the second file's
    `id`, or its first line). Fails: two stages both `id: pay`; `billing.yml` next
    to `billing.yaml`; `alias.yml`, a link to `billing.yml` (one file, two names: the
    link is reported, with no line). While ids repeat, `next` entries naming no stage are taken
    as meant for the repeated stage: this finding names them, and no
    `unknown-stage` is reported for them.
    """
    repeated = ctx.repeated
    if not repeated:
        return
    targets = list(dict.fromkeys(target for _, _, target in ctx.unknown_targets))
    if not targets:
        advice = ": stage ids must be unique within a journey"
    else:
        named = ", ".join(repr(target) for target in targets)
        meant = repr(targets[0]) if len(targets) == 1 else "one of them"
        advice = f"; `next` names {named}, which no stage has: was this stage meant to be {meant}?"
    for index, first in repeated.items():
        stage_id = ctx.ids[index]
        yield Issue(
            f"stage id {stage_id!r} is already used by stage {first + 1} of this journey" + advice,
            loc=(*ctx.entries[index].loc, "id"),
            stage=stage_id,
        )


@rule(
    "unknown-stage",
    Severity.ERROR,
    "`next` names a stage that does not exist",
    scope=Scope.JOURNEY,
)
def unknown_stage(ctx: JourneyContext) -> Iterator[Issue]:
    """`next` names a stage id that no stage of the journey has.

    Points at the entry of `next`. Fails: `next: [pay-invoice]` when the stage is
    called `pay`. Not reported while a stage's id is missing, invalid or repeated
    (the `next` entry may name that stage once it is fixed).
    """
    if ctx.repeated or not ctx.all_ids_valid:
        return
    ids = [stage_id for stage_id in ctx.ids if stage_id is not None]
    for entry, position, target in ctx.unknown_targets:
        hint = did_you_mean(target, ids)
        yield Issue(
            f"next names stage {target!r}, which this journey does not have"
            + (f" — did you mean {hint!r}?" if hint else f"; stages: {', '.join(ids)}"),
            loc=(*entry.loc, "next", position),
            stage=entry.id if entry.stage is None else entry.stage.id,
        )


@rule(
    "unreachable-stage",
    Severity.WARNING,
    "no path of `next` links (or the default order) leads from the first stage to this one",
    scope=Scope.JOURNEY,
)
def unreachable_stage(ctx: JourneyContext) -> Iterator[Issue]:
    """No path of `next` links (or the default order) leads from the first stage here.

    A stage's successors are its `next` stages, or, without `next`, the stage
    after it. Points at the stage; one finding per stage. Fails: a stage that every
    `next` list skips since it was removed from them. Checked once every stage is
    valid and every `next` names a stage.
    """
    entries = ctx.entries
    if not entries or ctx.repeated or ctx.unknown_targets:
        return
    stages = [entry.stage for entry in entries]
    if any(stage is None for stage in stages):
        return
    valid = [stage for stage in stages if stage is not None]
    index_of = {stage.id: index for index, stage in enumerate(valid)}
    reached = {0}
    todo = [0]
    while todo:
        current = todo.pop()
        targets = valid[current].next
        if targets is None:
            following = [current + 1] if current + 1 < len(valid) else []
        else:
            following = [index_of[target] for target in targets]
        for index in following:
            if index not in reached:
                reached.add(index)
                todo.append(index)
    for index, stage in enumerate(valid):
        if index not in reached:
            yield Issue(
                f"Stage {stage.id!r} cannot be reached: no `next` link (nor the default order) "
                f"leads to it from the first stage {valid[0].id!r}; add {stage.id!r} to the "
                "`next` of the stage customers come from, or remove the stage",
                loc=entries[index].loc,
                stage=stage.id,
            )


@rule(
    "split-phase",
    Severity.WARNING,
    "a phase's stages are not consecutive: another phase (or a stage without one) comes "
    "between them, so the map and the diagram draw the phase twice",
    scope=Scope.JOURNEY,
)
def split_phase(ctx: JourneyContext) -> Iterator[Issue]:
    """A phase comes back after another phase, or after a stage without one.

    A phase groups consecutive stages: the map and the diagram draw one box per run
    of stages that share it, so a phase split in two is drawn twice. Points at the
    `phase` of the first stage of each later run; one finding per run. Passes:
    `Discover, Discover, Buy, Use`. Fails: `Discover, Buy, Discover` (the third
    stage), and `Discover, (no phase), Discover`. Checked once every stage is valid.
    """
    stages = [entry.stage for entry in ctx.entries]
    if not stages or any(stage is None for stage in stages):
        return
    valid = [stage for stage in stages if stage is not None]
    first_run: dict[str, int] = {}  # phase -> index of the first stage of its first run
    for index, stage in enumerate(valid):
        phase = stage.phase
        if phase is None or (index and valid[index - 1].phase == phase):
            continue
        if phase not in first_run:
            first_run[phase] = index
            continue
        between = valid[index - 1]
        what = f"phase {between.phase!r}" if between.phase else "no phase"
        yield Issue(
            f"phase {phase!r} is split: stage {stage.id!r} returns to it after stage "
            f"{between.id!r} ({what}), so the map and the diagram draw {phase!r} twice; "
            f"move {stage.id!r} next to the other stages of {phase!r} (from "
            f"{valid[first_run[phase]].id!r}), or give it a phase of its own",
            loc=(*ctx.entries[index].loc, "phase"),
            stage=stage.id,
        )
