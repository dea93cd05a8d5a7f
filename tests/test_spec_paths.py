"""Problem files are inside the assignment folder: `../x.yaml`, absolute paths and symlinks that
resolve elsewhere are rejected at the line of their `problems:` entry in assignment.yaml."""

from __future__ import annotations

import os

import pytest

from grader.spec import SpecError, load_assignment

GOOD = "id: good\nexpected: 1\n"


def listing_error(assignment_factory, entry: str, tmp_path) -> SpecError:
    folder = assignment_factory({"good.yaml": GOOD})
    (tmp_path / "outside.yaml").write_text("id: outside\nexpected: 1\n")
    text = (folder / "assignment.yaml").read_text().replace("problems:\n", f"problems:\n  - {entry}\n")
    (folder / "assignment.yaml").write_text(text)
    with pytest.raises(SpecError) as info:
        load_assignment(folder)
    err = info.value
    assert err.file == str(folder / "assignment.yaml")
    assert err.mark is not None and err.mark.line == 3, str(err)  # title, problems:, the entry
    return err


@pytest.mark.parametrize("entry", ["../../outside.yaml", "sub/../../../outside.yaml"])
def test_a_relative_path_leaving_the_folder_is_rejected(assignment_factory, tmp_path, entry):
    err = listing_error(assignment_factory, entry, tmp_path)
    assert "outside the assignment folder" in err.message


@pytest.mark.parametrize("entry", ["/etc/passwd", "/dev/zero"])
def test_an_absolute_path_is_rejected(assignment_factory, tmp_path, entry):
    err = listing_error(assignment_factory, entry, tmp_path)
    assert "absolute path" in err.message


def test_a_symlink_resolving_outside_the_folder_is_rejected(assignment_factory, tmp_path):
    folder = assignment_factory({"good.yaml": GOOD})
    os.symlink(tmp_path / "outside.yaml", folder / "link.yaml")
    (tmp_path / "outside.yaml").write_text("id: outside\nexpected: 1\n")
    text = (folder / "assignment.yaml").read_text().replace("problems:\n", "problems:\n  - link.yaml\n")
    (folder / "assignment.yaml").write_text(text)
    with pytest.raises(SpecError) as info:
        load_assignment(folder)
    err = info.value
    assert err.mark is not None and err.mark.line == 3
    assert "outside the assignment folder through a symbolic link" in err.message


def test_a_symlink_inside_the_folder_is_fine(assignment_factory):
    folder = assignment_factory({"good.yaml": GOOD})
    (folder / "sub").mkdir()
    (folder / "sub" / "real.yaml").write_text("id: real\nexpected: 2\n")
    os.symlink(folder / "sub" / "real.yaml", folder / "alias.yaml")
    text = (folder / "assignment.yaml").read_text().replace("problems:\n", "problems:\n  - alias.yaml\n")
    (folder / "assignment.yaml").write_text(text)
    assert [p.id for p in load_assignment(folder).problems] == ["real", "good"]


def test_the_same_file_listed_under_two_spellings_is_listed_twice(assignment_factory):
    folder = assignment_factory({"good.yaml": GOOD})
    text = (folder / "assignment.yaml").read_text().replace("problems:\n", "problems:\n  - ./good.yaml\n")
    (folder / "assignment.yaml").write_text(text)
    with pytest.raises(SpecError) as info:
        load_assignment(folder)
    assert info.value.mark.line == 4 and "listed twice" in info.value.message


def test_a_check_file_outside_the_folder_is_rejected_at_its_line(assignment_factory, tmp_path):
    (tmp_path / "assignments" / "evil.py").parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "assignments" / "evil.py").write_text("def score(answer, inputs):\n    return 1.0\n")
    text = "id: p\nargs: [x]\ncheck: ../evil.py:score\ncases:\n  - inputs: {x: 1}\n    expected: 1\n"
    folder = assignment_factory({"p.yaml": text})
    err = load_assignment(folder).broken[0].error
    assert err.mark is not None and err.mark.line == 3, str(err)
    assert "outside the assignment folder" in err.message


@pytest.mark.parametrize("rel", ["../secret.npy", "/etc/passwd"])
def test_a_data_file_outside_the_folder_is_refused(tmp_path, rel):
    import numpy as np

    from grader.cases import data

    folder = tmp_path / "hw"
    folder.mkdir()
    np.save(tmp_path / "secret.npy", np.arange(3))
    with pytest.raises(data.DataError, match="outside the assignment folder|absolute path"):
        data.load(folder, rel)
