"""Files in data/ that are not regular record files of the publication are refused, located,
and never read: a symbolic link leading outside the data folder, nowhere or in a loop, a FIFO,
a folder named like a record. Nothing of an outside file reaches the output or a message."""

from __future__ import annotations

import os

import pytest

from support import run_cli

SECRET = "salainen-rivi: ei saa näkyä"


@pytest.fixture
def outside(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text(f"{SECRET}\ntitle: Vuotanut\n", encoding="utf-8")
    return path


def problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("data/")]


def test_a_link_to_a_file_outside_the_data_folder_is_refused_unread(publication, outside):
    (publication / "data" / "projects" / "vuoto.yaml").symlink_to(outside)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert problems(result) == ["data/projects/vuoto.yaml: a symbolic link to a file outside the data folder: not read"]
    assert SECRET not in result.stderr + result.stdout
    build = run_cli("build")
    assert build.exit_code == 1 and not (publication / "build").exists()


def test_links_that_lead_nowhere_fifos_and_folders_are_refused(publication):
    projects = publication / "data" / "projects"
    (projects / "kadonnut.yaml").symlink_to(publication / "ei-ole.yaml")
    (projects / "silmukka-a.yaml").symlink_to(projects / "silmukka-b.yaml")
    (projects / "silmukka-b.yaml").symlink_to(projects / "silmukka-a.yaml")
    os.mkfifo(projects / "putki.yaml")
    (projects / "kansio.yaml").mkdir()
    result = run_cli("validate")
    assert result.exit_code == 1
    assert problems(result) == [
        "data/projects/kadonnut.yaml: a symbolic link that leads nowhere (dangling, or a loop): not read",
        "data/projects/kansio.yaml: not a regular file (a folder, FIFO, socket or device): not read",
        "data/projects/putki.yaml: not a regular file (a folder, FIFO, socket or device): not read",
        "data/projects/silmukka-a.yaml: a symbolic link that leads nowhere (dangling, or a loop): not read",
        "data/projects/silmukka-b.yaml: a symbolic link that leads nowhere (dangling, or a loop): not read",
    ]


def test_a_link_inside_the_data_folder_is_read_and_a_linked_folder_outside_is_refused(publication, tmp_path):
    projects = publication / "data" / "projects"
    first = sorted(projects.glob("*.yaml"))[0]
    (projects / "toinen-nimi.yaml").symlink_to(first)  # inside: an ordinary record, read as one
    assert run_cli("validate").exit_code == 0
    elsewhere = tmp_path / "muualla"
    elsewhere.mkdir()
    (publication / "data" / "persons").rename(tmp_path / "persons-kept")
    (publication / "data" / "persons").symlink_to(elsewhere)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "data/persons: a symbolic link to a folder outside the data folder: not read" in result.stderr


def test_devices_are_refused_unread(publication):
    """A link to /dev/zero (endless) and, where the test may make one, a device node itself."""
    import stat

    projects = publication / "data" / "projects"
    (projects / "nollat.yaml").symlink_to("/dev/zero")
    expected = ["data/projects/nollat.yaml: a symbolic link to a file outside the data folder: not read"]
    try:
        os.mknod(projects / "laite.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
        expected.insert(0, "data/projects/laite.yaml: not a regular file (a folder, FIFO, socket or device): not read")
    except PermissionError:
        pass  # not root: the link case alone
    result = run_cli("validate")
    assert result.exit_code == 1
    assert problems(result) == expected
