"""Open ZIP archives safely: no path traversal, no nesting, no decompression bombs."""

import contextlib
import io
import os
import posixpath
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from .errors import UnreadableFileError

# A CSV of police calls compresses about 5-20x; bombs compress 1,000x and more.
MAX_COMPRESSION_RATIO = 200
MAX_TOTAL_UNCOMPRESSED = 8 * 1024**3
MAX_MEMBERS = 1000
# What zipfile raises for a damaged member (bad CRC, corrupt deflate data, cut short).
DAMAGED_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
_IGNORED_PREFIXES = ("__MACOSX/",)


def safe_members(path: str, display_name: str) -> list[zipfile.ZipInfo]:
    """The archive's data members, after refusing unsafe archives outright."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFileError(f"{display_name} is a damaged ZIP archive.") from error
    if len(infos) > MAX_MEMBERS:
        raise UnreadableFileError(
            f"{display_name} holds {len(infos)} files; at most {MAX_MEMBERS} are opened."
        )
    members = [info for info in infos if not _is_ignored(info)]
    for info in members:
        _refuse_unsafe_name(info.filename, display_name)
        _refuse_bomb(info, display_name)
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnreadableFileError(
            f"{display_name} would unpack to {total:,} bytes, more than the "
            f"{MAX_TOTAL_UNCOMPRESSED:,} allowed."
        )
    return members


def open_member(path: str, member: str, display_name: str) -> BinaryIO:
    """A stream of one member's bytes that stops at its declared size (never written to disk)."""
    archive = zipfile.ZipFile(path)
    try:
        info = archive.getinfo(member)
    except KeyError as error:
        archive.close()
        raise UnreadableFileError(f"{display_name} is no longer in the archive.") from error
    _refuse_bomb(info, display_name)
    if info.flag_bits & 0x1:
        archive.close()
        raise UnreadableFileError(f"{display_name} is password-protected.")
    return _ArchiveMemberStream(archive, archive.open(info), info.file_size)


# Members are copied out this many bytes at a time: never held whole in memory.
COPY_CHUNK_BYTES = 1024**2


@contextlib.contextmanager
def member_tempfile(path: str, member: str, display_name: str) -> Iterator[str]:
    """A private temporary copy of one member (a workbook inside an archive), streamed in
    chunks through the same size guards as open_member; removed on leaving the block."""
    descriptor, copy = tempfile.mkstemp(prefix="foiatrack-member-", suffix=".bin")
    try:
        with os.fdopen(descriptor, "wb") as output:
            try:
                with open_member(path, member, display_name) as stream:
                    shutil.copyfileobj(stream, output, COPY_CHUNK_BYTES)
            except DAMAGED_MEMBER_ERRORS as error:
                raise UnreadableFileError(
                    f"{display_name} is damaged inside its archive."
                ) from error
        yield copy
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(copy)


def read_member_bytes(path: str, member: str, display_name: str) -> bytes:
    """A small member's whole content (used for workbooks inside archives)."""
    try:
        with open_member(path, member, display_name) as stream:
            return stream.read()
    except DAMAGED_MEMBER_ERRORS as error:
        raise UnreadableFileError(f"{display_name} is damaged inside its archive.") from error


def _is_ignored(info: zipfile.ZipInfo) -> bool:
    base = posixpath.basename(info.filename.rstrip("/"))
    return info.is_dir() or info.filename.startswith(_IGNORED_PREFIXES) or base.startswith(".")


def _refuse_unsafe_name(name: str, display_name: str) -> None:
    normalised = name.replace("\\", "/")
    parts = normalised.split("/")
    if normalised.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise UnreadableFileError(
            f"{display_name} contains a member with an unsafe path ({name!r}); "
            "the archive was not opened."
        )


def _refuse_bomb(info: zipfile.ZipInfo, display_name: str) -> None:
    compressed = max(info.compress_size, 1)
    if info.file_size > 1024**2 and info.file_size / compressed > MAX_COMPRESSION_RATIO:
        raise UnreadableFileError(
            f"{display_name}: member {info.filename!r} would expand "
            f"{info.file_size / compressed:,.0f} times (to {info.file_size:,} bytes); "
            "this looks like a ZIP bomb and was not opened."
        )
    if info.file_size > MAX_TOTAL_UNCOMPRESSED:
        raise UnreadableFileError(
            f"{display_name}: member {info.filename!r} is too large ({info.file_size:,} bytes)."
        )


class _ArchiveMemberStream(io.RawIOBase):
    """Member stream that also closes its archive; counts actual bytes as a second bomb guard."""

    def __init__(self, archive: zipfile.ZipFile, member: BinaryIO, declared_size: int) -> None:
        self._archive = archive
        self._member = member
        self._limit = declared_size
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._member.read(size)
        self.bytes_read += len(data)
        if self.bytes_read > self._limit:
            raise UnreadableFileError("An archive member is larger than its declared size.")
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._member.close()
            self._archive.close()
        super().close()
