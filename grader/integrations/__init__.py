"""Integrations with the systems that run the grader for a course: GitHub Actions and Gradescope.

Each writes the files that system reads (a workflow, an autograder zip) from a template, and
knows nothing about grading itself: it only arranges for ``grade`` to run there.
"""
