"""Precompiled report templates: fresh, equivalent to the sources, and never trusted when stale."""

from __future__ import annotations

import json

import jinja2
import pytest

from grader.report import FORMATS, render
from grader.report import templating
from grader.report.compile import templates_by_variant
from grader.result import FAILED, PASSED, CaseResult, GradeResult, ProblemResult


def test_every_precompiled_template_matches_its_source():
    manifest = json.loads((templating.COMPILED / "manifest.json").read_text())
    env = templating.environment(False, precompiled=False)
    for variant, names in templates_by_variant().items():
        for name in names:
            text, _, _ = env.loader.get_source(env, name)
            assert manifest["templates"].get(f"{variant}/{name}") == templating.source_hash(text), (
                f"{name} changed since it was precompiled: run `python -m grader.report.compile`"
            )


def _sample() -> dict:
    case = CaseResult("example", FAILED, 0.0, message="1 of 4 elements differ", expected=[[1, 2], [3, 4]],
                      observed=[[1, 2], [3, 5]], details={"mask": [[False, False], [False, True]]},
                      feedback=["<b>check the last cell</b>"], notes=["peak memory 1 MiB"])
    problems = [
        ProblemResult("p1", "P1", "p1", "numeric", 2.0, 0.0, FAILED, ["1 of 4 elements differ"], cases=[case]),
        ProblemResult("p2", "P2", "p2", "exact", 1.0, 1.0, PASSED),
    ]
    result = GradeResult({"name": "hw", "title": "HW", "path": ".", "sha256": {}},
                         {"path": "s.py", "sha256": "0" * 64}, problems, status="graded",
                         grader={"name": "grader", "version": "0"})
    return result.to_dict()


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_precompiled_and_source_templates_render_the_same(fmt, monkeypatch):
    data = _sample()
    precompiled = render(fmt, data)
    original = templating.environment
    monkeypatch.setattr(templating, "environment",
                        lambda autoescape=False, precompiled=True: original(autoescape, precompiled=False))
    assert render(fmt, data) == precompiled


def test_a_stale_precompiled_template_is_not_used(monkeypatch):
    env = templating.environment.__wrapped__(False)
    loader = env.loader.loaders[0]
    monkeypatch.setitem(loader.manifest["templates"], "plain/text.j2", "0" * 64)
    with pytest.raises(jinja2.TemplateNotFound):
        loader.load(env, "text.j2")
    assert env.get_template("text.j2").render  # falls back to compiling the source


def test_a_template_precompiled_under_other_environment_options_is_not_used(monkeypatch):
    """Compiled code calls ``finalize`` (the control-character escaping) only if it was compiled
    with it, so a zip compiled under other environment options must not be trusted."""
    env = templating.environment.__wrapped__(False)
    loader = env.loader.loaders[0]
    assert loader.manifest["environment"]["plain"] == templating.signature(env)
    monkeypatch.setitem(loader.manifest["environment"], "plain", "finalize=")
    with pytest.raises(jinja2.TemplateNotFound):
        loader.load(env, "text.j2")
