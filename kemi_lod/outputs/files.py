"""The one way the build writes a file into its output folder, and what it records of it.

A build that follows another takes over the previous version's unchanged files by hard link
(`Reuse`): each output file has a key, the digest of what it depends on, and a file whose key
is the one the previous build recorded for it is linked, not made again. Where making a file is
the cost (a page, a resource's documents, a dump), the key is computed from its inputs before
it is made (`Reuse.take`); elsewhere from its bytes (`Reuse.write`: the file is made, but an
unchanged one is linked rather than written). Versions never change once written, so a file
shared by two of them is never written through one of them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Written:
    path: str  # relative to the output directory, with /
    size: int


def write_file(out: Path, name: str, data: bytes) -> Written:
    """`data` at `out/name` (folders made as needed)."""
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Written(name, len(data))


def written(out: Path, path: Path) -> Written:
    """What was recorded of a file that was streamed to disk rather than written whole."""
    return Written(path.relative_to(out).as_posix(), path.stat().st_size)


def key_of(*parts: bytes | str) -> bytes:
    """The key of an output file made from `parts` (each length-prefixed, so no two lists of
    parts give the same key by running together)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.digest()


FRAGMENT = "\0"  # what the outputs' entries of parts of files start with (no file's path does)


@dataclass
class Reuse:
    """The previous version's files a build may link, and the keys of this build's files."""

    previous: Path | None = None  # the version folder the output pointed at when the build began
    known: Mapping[str, tuple[bytes, bytes]] = field(default_factory=dict)  # path -> (key, deps) of `previous`
    keys: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # this build's files
    linked: int = 0
    made: int = 0
    _folders: set[str] = field(default_factory=set, repr=False)  # folders of `out` known to exist

    def deps(self, name: str) -> bytes | None:
        """What the previous build recorded that `name` depended on, if it made it."""
        found = self.known.get(name)
        return found[1] if found is not None and self.previous is not None else None

    def same(self, name: str, key: bytes) -> bool:
        """Whether the previous version's `name` was made with `key`."""
        found = self.known.get(name)
        return self.previous is not None and found is not None and found[0] == key

    def take(self, out: Path, name: str, key: bytes, deps: bytes = b"") -> Written | None:
        """Link the previous version's `name` into `out` if it was made with `key`, else None
        (then the caller makes it and calls `put`)."""
        if not self.same(name, key):
            return None
        # plain strings, and each folder made once: a rebuild links tens of thousands of files
        target, source = os.path.join(out, name), os.path.join(self.previous, name)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(source, target)
        except FileNotFoundError:  # the previous version lost it (a hand edit): make it
            return None
        except OSError:  # a file system without hard links, or at their limit: copy
            try:
                Path(target).write_bytes(Path(source).read_bytes())
            except FileNotFoundError:
                return None
        self.keys[name] = (key, deps)
        self.linked += 1
        return Written(name, os.stat(target).st_size)

    def take_meanwhile(self, out: Path, names: list[str]) -> "Linking":
        """Link the previous version's `names` (each made with the key recorded for it) into
        `out` in a thread, as `take` would, while the caller goes on: each counts as taken at
        once; `Linking.wait` says which were, and forgets the others, which the caller then makes."""
        for name in names:
            self.keys[name] = self.known[name]
        return Linking(self, out, names)

    def present(self) -> list[Written] | None:
        """The previous version's files, if every one of them is still there (None otherwise)."""
        done = []
        for name in sorted(self.known):
            if name and not name.startswith(FRAGMENT):
                try:
                    done.append(Written(name, os.stat(os.path.join(self.previous, name)).st_size))
                except OSError:  # removed by hand: the build makes a new version
                    return None
        return done

    def fragment(self, name: str) -> tuple[bytes, bytes] | None:
        """A part of a file (a row of a long list) the previous build made: (its bytes, what it
        depended on), kept in the outputs' entries under `FRAGMENT + name`."""
        return self.known.get(FRAGMENT + name) if self.previous is not None else None

    def keep(self, name: str, data: bytes, deps: bytes) -> None:
        """Record a part of a file for the next build (`fragment`)."""
        self.keys[FRAGMENT + name] = (data, deps)

    def put(self, out: Path, name: str, data: bytes, key: bytes, deps: bytes = b"") -> Written:
        """Write a file that was made, recording its key (never through a link to a file of
        the previous version)."""
        self.keys[name] = (key, deps)
        self.made += 1
        (out / name).unlink(missing_ok=True)
        return write_file(out, name, data)

    def streamed(self, out: Path, name: str, key: bytes) -> Written:
        """Record a file that was streamed to `out/name`."""
        self.keys[name] = (key, b"")
        self.made += 1
        return written(out, out / name)

    def place(self, out: Path, name: str, made: Path) -> Written:
        """A file made at `made` under `out` (streamed, never held), as `write` would write its
        bytes: the previous version's linked where it is the same, else moved to `name`."""
        h = hashlib.blake2b(digest_size=16)
        h.update(made.stat().st_size.to_bytes(8, "big"))  # as key_of(its bytes)
        with open(made, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        key = h.digest()
        taken = self.take(out, name, key)
        if taken is not None:
            made.unlink()
            return taken
        self.keys[name] = (key, b"")
        self.made += 1
        os.replace(made, out / name)
        return written(out, out / name)

    def write(self, out: Path, name: str, data: bytes, deps: bytes = b"") -> Written:
        """Write `data`, or link the previous version's identical file."""
        key = key_of(data)
        return self.take(out, name, key, deps) or self.put(out, name, data, key, deps)


class Linking:
    """Files being linked by a thread (`Reuse.take_meanwhile`): a system call each, which
    releases the interpreter, so the build makes other files meanwhile (linking 52,000 files
    took a second of a small rebuild)."""

    def __init__(self, reuse: Reuse, out: Path, names: list[str]) -> None:
        self.reuse, self.out, self.names = reuse, out, names
        self.sizes: list[int | None] = []
        for folder in sorted({os.path.dirname(os.path.join(out, name)) for name in names}):
            os.makedirs(folder, exist_ok=True)
        self._thread = threading.Thread(target=self._link, args=(str(reuse.previous), str(out)))
        self._thread.start()

    def _link(self, previous: str, out: str) -> None:
        for name in self.names:
            source, target = os.path.join(previous, name), os.path.join(out, name)
            try:
                try:
                    os.link(source, target)
                except FileNotFoundError:
                    raise
                except OSError:  # a file system without hard links, or at their limit: copy
                    shutil.copyfile(source, target)
                self.sizes.append(os.stat(target).st_size)
            except OSError:  # the previous version lost it (a hand edit): made again
                self.sizes.append(None)

    def wait(self) -> list[Written]:
        """The files linked; those that could not be are no longer counted as taken."""
        self._thread.join()
        done = []
        for name, size in zip(self.names, self.sizes):
            if size is None:
                del self.reuse.keys[name]
            else:
                done.append(Written(name, size))
        self.reuse.linked += len(done)
        return done
