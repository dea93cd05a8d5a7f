"""The sandbox's own failure: the grader could not run student code (its fault, never the student's)."""


class SandboxError(RuntimeError):
    """The fork server could not be reached or started, a child could not be confined, or
    ``strict`` isolation is unavailable. The command line reports it with exit code 2."""
