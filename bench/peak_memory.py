"""A finished child process's peak resident memory, read from the system, not sampled.

On Linux and macOS ``wait4`` returns the child's own rusage, whose ``ru_maxrss`` is the
kernel's high-water mark (KiB on Linux, bytes on macOS). Windows has no ``wait4``; it
keeps the same mark as the process's peak working set (``GetProcessMemoryInfo``), which
Windows still gives through Popen's handle once the process has ended, but Wine gives
as 0 then: so it is also read every 20 ms while the child runs (a mark, not a sample:
only growth in the last 20 ms before the end could be missed under Wine), and the
largest reading counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time


def wait_for_peak(process: subprocess.Popen) -> tuple[int, str]:
    """Wait for ``process`` to end (its ``returncode`` set): its peak resident bytes,
    and what it wrote to its stderr if that is a pipe ("" otherwise)."""
    errors: list[bytes] = []
    reader = None
    stream = process.stderr
    if stream is not None:  # drained while it runs: a full pipe would stop it
        reader = threading.Thread(target=lambda: errors.append(stream.read()))
        reader.start()
    if sys.platform == "win32":
        peak = 0
        while process.poll() is None:
            peak = max(peak, _windows_peak_working_set(process))
            time.sleep(0.02)
        peak = max(peak, _windows_peak_working_set(process))
    else:
        _pid, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    if reader is not None:
        reader.join()
    return peak, b"".join(errors).decode(errors="replace").strip()


def _windows_peak_working_set(process: subprocess.Popen) -> int:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):  # PROCESS_MEMORY_COUNTERS, psapi.h
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t),
                    ("WorkingSetSize", ctypes.c_size_t),
                    ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                    ("PagefileUsage", ctypes.c_size_t),
                    ("PeakPagefileUsage", ctypes.c_size_t)]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    psapi = ctypes.WinDLL("psapi", use_last_error=True)  # type: ignore[attr-defined]
    psapi.GetProcessMemoryInfo.argtypes = [wintypes.HANDLE, ctypes.POINTER(Counters),
                                           wintypes.DWORD]
    handle = wintypes.HANDLE(int(process._handle))  # type: ignore[attr-defined]
    if not psapi.GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb):
        raise OSError(ctypes.get_last_error(), "GetProcessMemoryInfo failed")  # type: ignore[attr-defined]
    return int(counters.PeakWorkingSetSize)
