"""The class report: what a whole class did on an assignment (``class.json`` and ``class.html``).

Built from the canonical JSON results that ``grade batch`` writes, so it can be made again
at any time from a results folder (``grade class-report OUT``) without grading anything.
"""

from grader.classreport.render import load_results, render_html, write
from grader.classreport.summary import summarize

__all__ = ["load_results", "render_html", "summarize", "write"]
