"""Precompile the report templates: ``python -m grader.report.compile``.

Writes the Python modules of the templates, one zip per escaping variant, into
``grader/report/compiled/`` (zips: build artifacts, not source to read or review), and a
manifest of the source hashes and Jinja version they were compiled from. At run time a
precompiled template is used only while it matches both (see ``templating._PrecompiledLoader``),
so a stale or missing compilation only costs time, never correctness. Run it after editing a
``.j2`` file; a test says so when it was forgotten.
"""

from __future__ import annotations

import json

from grader.report import FORMATS, template_of
from grader.report.templating import COMPILED, _variant, environment, signature, source_hash


def templates_by_variant() -> dict[str, set[str]]:
    """Which templates each escaping variant renders, from the format modules."""
    found: dict[str, set[str]] = {}
    for fmt in FORMATS:
        template = template_of(fmt)
        if template:
            found.setdefault(_variant(template[1]), set()).add(template[0])
    return found


def compile_all() -> dict[str, str]:
    """Compile every template; returns the manifest's template hashes."""
    import jinja2

    hashes: dict[str, str] = {}
    signatures: dict[str, str] = {}
    for variant, names in sorted(templates_by_variant().items()):
        env = environment(variant == "escaped", precompiled=False)
        signatures[variant] = signature(env)
        target = COMPILED / f"{variant}.zip"
        COMPILED.mkdir(exist_ok=True)
        target.unlink(missing_ok=True)
        env.compile_templates(str(target), zip="stored", filter_func=lambda n: n in names, ignore_errors=False)
        for name in sorted(names):
            text, _, _ = env.loader.get_source(env, name)
            hashes[f"{variant}/{name}"] = source_hash(text)
    manifest = {"jinja2": jinja2.__version__, "environment": signatures, "templates": hashes}
    (COMPILED / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return hashes


if __name__ == "__main__":
    for key in compile_all():
        print(f"compiled {key}")
