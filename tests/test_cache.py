"""The chunk cache: reused when it can be, started afresh when it cannot, never a cause of
a different build."""

from __future__ import annotations

import os
from dataclasses import replace

from support import tree_bytes
from kemi_lod.build.cache import ChunkCache, cache_file
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import build, check, context_key


def _rebuilt(settings, data) -> int:
    """Records processed again by a check; its cache closed (else it stays locked until collected)."""
    checked = check(settings, data)
    checked.cache.close()
    return checked.rebuilt


def _cache(pub):
    settings = load_settings(pub / "kemi-lod.yaml")
    return cache_file(settings.root, pub / "data")


def test_a_damaged_cache_is_replaced_and_the_build_is_the_same(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    first = build(settings, publication / "data", publication / "build")
    assert first.ok
    before = tree_bytes(publication / "build")
    _cache(publication).write_bytes(b"not a database, half written by a full disk")
    again = build(settings, publication / "data", publication / "build")
    assert again.ok and again.checked.rebuilt == first.checked.rebuilt  # every record again
    assert tree_bytes(publication / "build") == before
    assert _rebuilt(settings, publication / "data") == 0  # and the new cache is used


def test_another_build_context_starts_a_new_cache_file(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    assert _rebuilt(settings, publication / "data") > 0
    file = _cache(publication)
    inode = file.stat().st_ino
    assert _rebuilt(settings, publication / "data") == 0
    other = replace(settings, max_amount=settings.max_amount + 1)  # any setting is part of the context
    assert context_key(other) != context_key(settings)
    assert _rebuilt(other, publication / "data") > 0
    assert file.stat().st_ino != inode  # a new file, renamed over the old one
    assert sorted(p.name for p in file.parent.iterdir() if p.name.endswith(".new")) == []
    assert _rebuilt(other, publication / "data") == 0


def test_a_fresh_cache_left_unfinished_is_not_used(publication):
    """A build killed before its cache was complete leaves a staging file that is not read."""
    settings = load_settings(publication / "kemi-lod.yaml")
    file = _cache(publication)
    unfinished = ChunkCache(file, context_key(settings))
    assert unfinished.staging is not None and unfinished.staging.exists()
    unfinished.close()  # no commit: as if killed in the record stage
    assert not file.exists()
    assert _rebuilt(settings, publication / "data") > 0
    assert file.exists() and not os.path.exists(str(file) + ".new")


def test_a_file_that_cannot_be_read_is_a_problem_of_that_file(publication, monkeypatch):
    """A file new to the cache is read where it is processed; failing that, the build names it."""
    import errno

    from kemi_lod.build import pipeline

    settings = load_settings(publication / "kemi-lod.yaml")
    victim = sorted((publication / "data" / "projects").glob("*.yaml"))[0]
    real = pipeline.read_bytes

    def read_bytes(path):
        if path == str(victim):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path)

    monkeypatch.setattr(pipeline, "read_bytes", read_bytes)
    result = build(settings, publication / "data", publication / "build", use_cache=False)
    assert not result.ok and not (publication / "build").exists()
    assert [(p.path, p.message) for p in result.checked.problems] == [
        (f"data/projects/{victim.name}", "cannot read file: Permission denied")]


def test_a_build_running_while_another_uses_the_cache_works_on_its_own(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    assert _rebuilt(settings, publication / "data") > 0
    file = _cache(publication)
    before = file.read_bytes()
    holder = ChunkCache(file, context_key(settings))  # another build, still running
    assert holder.staging is None and len(holder.known) > 0
    other = replace(settings, max_amount=settings.max_amount + 1)
    meanwhile = check(other, publication / "data")  # would replace the cache if it could
    assert meanwhile.ok and meanwhile.rebuilt > 0
    assert meanwhile.cache.file.parent != file.parent  # a private cache
    meanwhile.cache.close()
    assert file.read_bytes() == before
    holder.close()
    assert _rebuilt(settings, publication / "data") == 0  # the shared cache, unharmed
