"""Reading the user's files safely: regular files only, bounded in size, never hanging.

A path may name a directory, a FIFO (``open`` would wait forever for a writer), a
device such as ``/dev/zero`` (endless), a symlink loop, or contain a NUL byte
(``os.stat`` raises ``ValueError``).  :func:`read_regular` refuses all of them
with a Chinese reason instead of raising, hanging or exhausting memory.
"""

from __future__ import annotations

import errno
import os
import stat

#: Largest file read by default (the data file limit).
MAX_READ = 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read; ``str(exc)`` is the reason in Chinese."""


def regular_file(path: str) -> os.stat_result:
    """``os.stat`` of ``path`` if it is a regular file (after symlinks); :class:`Unreadable` otherwise."""
    try:
        st = os.stat(path)
    except ValueError:  # an embedded NUL
        raise Unreadable("路径中含有空字符（NUL），不是有效的文件名") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("是循环的符号链接（链接最终又指向自己）") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise Unreadable("不存在") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise Unreadable("路径过长") from None
        raise Unreadable(f"无法读取（{exc.strerror or exc}）") from None
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("是一个目录，不是文件")
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable("不是普通文件（管道、设备等特殊文件不会被读取）")
    return st


def read_regular(path: str, limit: int = MAX_READ) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); :class:`Unreadable` otherwise."""
    st = regular_file(path)
    if st.st_size > limit:
        raise Unreadable(f"文件过大（超过 {limit // 1024} KiB 的上限）")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        raise Unreadable(
            f"无法读取（{getattr(exc, 'strerror', None) or '没有读取权限，或文件正被其他程序占用'}）"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise Unreadable("不是普通文件（管道、设备等特殊文件不会被读取）")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise Unreadable(f"无法读取（{exc.strerror or exc}）") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Unreadable(f"文件过大（超过 {limit // 1024} KiB 的上限）")
    return data
