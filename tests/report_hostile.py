"""A submission whose prints, exception messages and return values attack every report consumer.

Shared by the report tests: ``hostile_run(root)`` grades it with every format written to a file
and returns the folder. ``HOSTILE`` is the text it prints, raises and returns, built from parts
that each attack one consumer (terminal, XML parser, Markdown renderer, GitHub runner, browser).
"""

from __future__ import annotations

from pathlib import Path

import subprocess
import sys

from conftest import cli_env, make_assignment, write_module

#: one line per attack (the submission holds the same text as an escaped literal, so its source stays clean)
ATTACKS = [
    "nul:\x00 bell:\x07 esc:\x1b[2J\x1b]0;pwned\x07 cr:\roverwritten bidi:\u202eevil",
    "::add-mask::secret-token",
    "::notice::Points 32/32",
    "::error file=other.py,line=1::forged",
    "##[warning]legacy command",
    "[a link](https://evil.example/phish) ![an image](https://evil.example/pixel.png) www.evil.example",
    "# Total: 32/32",
    "```",
    "<script>alert('xss')</script><img src=x onerror=alert(1)>",
    "</failure></testcase><testcase name='forged'/> ]]> &amp;",
    "|forged|table|",
    "x" * 3000,
]
HOSTILE = "\n".join(ATTACKS)

PROBLEMS = {
    "echo.yaml": """
        id: echo
        compare: exact
        args: [s]
        cases:
          - inputs: {s: "hi"}
            expected: "hi"
        feedback:
          fail: "You returned {{ observed }}, and {{ observed|upper }} shouted; **check** the spelling."
    """,
    "double.yaml": """
        id: double
        args: [m]
        cases:
          - name: two by two
            inputs: {m: [[1, 2], [3, 4]]}
            expected: [[2, 4], [6, 8]]
        feedback:
          fail: "Multiply **every** entry by `2`."
    """,
    "boom.yaml": """
        id: boom
        args: [x]
        cases:
          - inputs: {x: 1}
            expected: 1
    """,
    "big.yaml": """
        id: big
        args: [v]
        cases:
          - name: long vector
            inputs: {v: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5, 17.5, 18.5, 19.5, 20.5, 21.5, 22.5, 23.5, 24.5, 25.5, 26.5, 27.5, 28.5, 29.5, 30.5, 31.5, 32.5, 33.5, 34.5, 35.5, 36.5, 37.5, 38.5, 39.5]}
            expected: 20.0
    """,
    "sym.yaml": """
        id: SYM
        compare: symbolic
        expected: "x**2"
        options:
          symbols: {x: {real: true}}
    """,
    "missing.yaml": """
        id: missing
        args: [x]
        cases:
          - inputs: {x: 1}
            expected: 1
    """,
}

SUBMISSION = '''
import sys

HOSTILE = ''' + repr(HOSTILE) + '''

print(HOSTILE)
print(HOSTILE, file=sys.stderr)


def echo(s):
    print(HOSTILE)
    return HOSTILE


def double(m):
    print(HOSTILE)
    r = 2 * m
    r[1, 0] = 7
    return r


def boom(x):
    print(HOSTILE, file=sys.stderr)
    raise ValueError(HOSTILE)


def big(v):
    return float(v.sum())


SYM = "x**3 + exp(-x)"
'''

FORMATS = {"json": "report.json", "junit": "report.xml", "markdown": "report.md", "text": "report.txt",
           "gradescope": "results.json", "html": "report.html"}


def hostile_run(root: Path, *extra: str, env: dict[str, str] | None = None):
    """Grade the hostile submission under ``root`` with every format written to ``root/out``."""
    make_assignment(root, PROBLEMS)
    write_module(root / "sub.py", SUBMISSION)
    outputs = [arg for fmt, name in FORMATS.items() for arg in ("-o", f"{fmt}:out/{name}")]
    return subprocess.run([sys.executable, "-m", "grader", "sub.py", *outputs, *extra], cwd=root,
                          capture_output=True, text=True, timeout=120, env={**cli_env(), **(env or {})})


def hostile_submission_line(name: str) -> int:
    """The 1-based line of ``def name`` in the hostile submission as written to disk."""
    lines = SUBMISSION.lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(f"def {name}("))
