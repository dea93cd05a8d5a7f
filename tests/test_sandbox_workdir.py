"""A grader whose working directory is deleted under it reports its own error, not the student's."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REPO, cli_env


def test_a_deleted_working_directory_is_a_grader_error_with_exit_2(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = textwrap.dedent(f"""
        import os, sys
        os.chdir({str(gone)!r})
        os.rmdir({str(gone)!r})
        from grader.cli import main
        sys.exit(main([{str(REPO / "solutions" / "dl_conv.py")!r}, "--assignment", {str(REPO / "assignments" / "dl-conv")!r}]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=cli_env(), timeout=120)
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "working directory no longer exists" in proc.stderr
    assert "could not be imported" not in proc.stdout
