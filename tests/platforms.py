"""Skip conditions that name a platform difference, for the tests that can't run
everywhere, and checks that mean the same on each platform by different means (the
Windows build's tests run under Wine: packaging/windows)."""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from pathlib import Path

import pytest

# A named pipe in the file system is POSIX's (os.mkfifo); Windows's live in \\.\pipe\,
# which no file dialog or --out reaches. The refusal of a device is tested everywhere.
POSIX_NAMED_PIPES = pytest.mark.skipif(
    not hasattr(os, "mkfifo"),
    reason="Windows has no named pipe in the file system (os.mkfifo)")


def running_under_wine() -> bool:
    """Windows as Wine provides it (packaging/windows/build_under_wine.sh): its ntdll
    exports wine_get_version, which Windows's does not."""
    if sys.platform != "win32":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


def readable_by_the_user_alone(path: Path) -> bool:
    """Whether only the user can read and write the file: mode 0600 on POSIX; on Windows
    every entry of its DACL, read back, gives the user full control and nobody else
    anything (app.windows_acl): its own protected entry, or the one it inherited from
    Deputy's private folder (a file Qt's settings writer made anew).

    Wine 8 keeps no security descriptor: it maps a DACL to the Unix mode and reads back
    one made from the mode, which always grants SYSTEM. There the check is that the
    mode's entry for everyone else (WD, Everyone) is gone."""
    if sys.platform != "win32":
        return stat.S_IMODE(path.stat().st_mode) == 0o600
    from app.windows_acl import current_user_sid, dacl_sddl

    user, dacl = current_user_sid(), dacl_sddl(path)
    if running_under_wine():
        return dacl == f"D:(A;;FA;;;SY)(A;;FA;;;{user})"
    # SDDL entries: (type;flags;rights;object type;inherited object type;SID)
    entries = [entry.split(";") for entry in re.findall(r"\(([^)]*)\)", dacl)]
    return bool(entries) and all(entry[0] == "A" and entry[2] == "FA" and entry[5] == user
                                 for entry in entries)


# Wine 8 keeps no ACL (above), so what is made in a folder inherits nothing of the
# folder's: a file that another program replaces (Qt's settings writer) is made anew.
WINE_KEEPS_NO_ACL = pytest.mark.skipif(
    running_under_wine(),
    reason="Wine 8 keeps no ACL, so a file made in a private folder inherits nothing")


# The local zone from the TZ variable, changed inside the process (time.tzset): POSIX's.
# Windows takes it from its settings (tzlocal reads the registry).
TZ_VARIABLE_SETS_THE_ZONE = hasattr(time, "tzset")
POSIX_TZ_VARIABLE = pytest.mark.skipif(
    not TZ_VARIABLE_SETS_THE_ZONE,
    reason="Windows takes the local time zone from its settings, not the TZ variable")

# A process killed by a signal: POSIX's exit code -9. Windows ends it (TerminateProcess)
# with the code the killer chose, 1 for Popen.kill.
KILLED_EXIT_CODE = -9 if os.name == "posix" else 1

# Debian's chromium and bash are Linux programs; under Wine /usr/bin/chromium even
# resolves (drive Z: is the Linux root) but is no Windows program.
LINUX_PROGRAMS = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Debian's programs (chromium, bash) are Linux's")


# Wine's crypt32 checks an SSL chain policy (verify_ssl_policy in dlls/crypt32/chain.c)
# for a bad signature, an untrusted or cyclic root and expiry, but not for a chain that
# ends short of any root (CERT_TRUST_IS_PARTIAL_CHAIN): a server certificate whose
# issuer this computer has never seen passes there. Windows answers CERT_E_CHAINING.
# Shown under Wine 8.0: CertGetCertificateChain's status 0x10000, the policy's error 0.
WINE_ACCEPTS_A_PARTIAL_CHAIN = pytest.mark.skipif(
    running_under_wine(),
    reason="Wine's SSL chain policy accepts a chain that reaches no root; Windows does not")
