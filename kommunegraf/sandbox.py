"""What a worker process may do: die with the process that started it, never reach the network,
and run code on a stack deep enough for any query that is let in.

Linux only, through ``prctl`` and a seccomp filter (``ctypes``: no compiler, no package). The
build's workers and the SPARQL endpoint's workers use these; nothing else does.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import struct
import threading
from collections.abc import Callable
from typing import TypeVar

from kommunegraf.errors import KommunegrafError

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_RET_KILL_PROCESS = 0x80000000
_SECCOMP_RET_ALLOW = 0x7FFF0000
# Classic BPF opcodes for the filter below.
_LOAD_WORD = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JUMP_IF_EQUAL = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RETURN = 0x06  # BPF_RET | BPF_K
# Offsets into struct seccomp_data: the system call's number, the architecture, argument 0.
_NR, _ARCH, _ARG0 = 0, 4, 16
# The architecture tag and the number of socket(2), per machine.
_SOCKET_CALL = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}

# Stack for code that parses and evaluates SPARQL: Oxigraph's parser and evaluator recurse once
# per level of nesting and per operator of a chain (1,000 OPTIONALs need about 8 MiB). With
# 256 MiB no query of at most 64 KiB that we could write overflows it; the memory is reserved,
# and only the depth a query reaches is used.
DEEP_STACK_BYTES = 256 * 1024 * 1024

# How a worker process ends when it tries to open a network socket.
NETWORK_REFUSED_SIGNAL = signal.SIGSYS


class SandboxError(KommunegrafError):
    """The worker could not be confined as required (not Linux, or seccomp not allowed)."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent() -> None:
    """Be killed (SIGKILL) when the parent process ends, however it ends (kill -9 included).

    The kernel sends the signal when the *thread* that started this process ends, so a
    worker must be started by a thread that lives as long as its process (multiprocessing's
    "spawn", not its forkserver, which outlives a killed parent). If the parent ended before
    the request was made, the kernel would never send it: the parent seen before and after
    then differ, and this process ends now.
    """
    parent = os.getppid()
    if _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise SandboxError(f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    if parent == 1 or os.getppid() != parent:
        os._exit(1)


def forbid_network() -> None:
    """From now on, a network socket (anything but a Unix socket) kills this process with
    SIGSYS, so no query can make it fetch a URL, however it is spelt; no core file is written."""
    machine = platform.machine()
    if machine not in _SOCKET_CALL:
        raise SandboxError(f"no network filter for this machine ({machine})")
    arch, socket_call = _SOCKET_CALL[machine]
    kill, allow = _SECCOMP_RET_KILL_PROCESS, _SECCOMP_RET_ALLOW
    program = [
        (_LOAD_WORD, 0, 0, _ARCH),
        (_JUMP_IF_EQUAL, 1, 0, arch),  # another architecture's calls: kill
        (_RETURN, 0, 0, kill),
        (_LOAD_WORD, 0, 0, _NR),
        (_JUMP_IF_EQUAL, 0, 3, socket_call),  # not socket(2): allow
        (_LOAD_WORD, 0, 0, _ARG0),
        (_JUMP_IF_EQUAL, 1, 0, 1),  # socket(AF_UNIX, ...): allow (pipes to the parent)
        (_RETURN, 0, 0, kill),
        (_RETURN, 0, 0, allow),
    ]
    code = b"".join(struct.pack("=HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(
            _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise SandboxError(f"the network filter could not be installed: "
                           f"{os.strerror(ctypes.get_errno())}")


def on_deep_stack(work: Callable[[], T]) -> T:
    """Run ``work`` on a thread with DEEP_STACK_BYTES of stack and return what it returns
    (or raise what it raised)."""
    box: dict[str, T] = {}
    error: list[BaseException] = []

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as raised:  # handed to the caller
            error.append(raised)

    deep_thread(run, "deep-stack").join()
    if error:
        raise error[0]
    return box["value"]


def deep_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """A started daemon thread running ``target`` with DEEP_STACK_BYTES of stack."""
    with _stack_lock:
        previous = threading.stack_size(DEEP_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


_stack_lock = threading.Lock()  # threading.stack_size is one setting for the whole process
