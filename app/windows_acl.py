"""On Windows, a file readable by its user alone: through its ACL, not a mode.

Windows ignores a file's POSIX mode (``chmod`` sets only the read-only bit), and a new
file takes the permissions its folder passes on: in a shared folder (a team share, a
OneDrive folder shared with others) a report of who can see whose calendar would be
readable by everyone the folder lets in. So a private file gets a protected DACL with
one entry: the signed-in Windows user, full control. Protected: nothing is inherited
from the folder, not even Administrators' or SYSTEM's usual entries (as a mode 0600
file on Linux, where only root gets past it).

Through advapi32 with ctypes, in SDDL (the form ``icacls`` and ``Get-Acl`` read and
print), so no dependency beyond the standard library. Importable everywhere; the
functions that touch ACLs exist on Windows only (``sys.platform == "win32"``).
"""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path


def user_only_sddl(user_sid: str, *, folder: bool = False) -> str:
    """The DACL that makes a file ``user_sid``'s alone, in SDDL: protected ("P": nothing
    inherited), one entry allowing ("A") full file access ("FA") to the user. A folder's
    entry is also inherited by what is made in it ("OICI": files and folders), such as
    the file Qt's settings writer puts in place of the one it replaces."""
    return f"D:P(A;{'OICI' if folder else ''};FA;;;{user_sid})"


if sys.platform == "win32":
    from ctypes import wintypes

    _advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

    _SE_FILE_OBJECT = 1
    _DACL_SECURITY_INFORMATION = 0x00000004
    _PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
    _SDDL_REVISION_1 = 1
    _TOKEN_QUERY = 0x0008
    _TOKEN_USER = 1  # TOKEN_INFORMATION_CLASS.TokenUser
    # What SetFileSecurityW says on a file system without ACLs (FAT, exFAT):
    # ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED.
    _NO_ACLS_HERE = {1, 50}

    _pointer = ctypes.c_void_p
    _out_pointer = ctypes.POINTER(ctypes.c_void_p)
    _kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    _kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    _kernel32.LocalFree.argtypes = [_pointer]
    _kernel32.LocalFree.restype = _pointer
    _advapi32.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD,
                                           ctypes.POINTER(wintypes.HANDLE)]
    _advapi32.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, _pointer,
                                              wintypes.DWORD, ctypes.POINTER(wintypes.DWORD)]
    _advapi32.ConvertSidToStringSidW.argtypes = [_pointer, _out_pointer]
    _advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, _out_pointer, ctypes.POINTER(wintypes.ULONG)]
    _advapi32.SetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, _pointer]
    _advapi32.GetNamedSecurityInfoW.argtypes = [wintypes.LPCWSTR, ctypes.c_int, wintypes.DWORD,
                                                _out_pointer, _out_pointer, _out_pointer,
                                                _out_pointer, _out_pointer]
    _advapi32.GetNamedSecurityInfoW.restype = wintypes.DWORD
    _advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW.argtypes = [
        _pointer, wintypes.DWORD, wintypes.DWORD, _out_pointer, ctypes.POINTER(wintypes.ULONG)]

    def _succeeded(done: int, call: str) -> None:
        """A BOOL-returning call's failure as OSError, with Windows's reason."""
        if not done:
            raise ctypes.WinError(ctypes.get_last_error(), f"{call} failed")

    def _local_string(pointer: ctypes.c_void_p) -> str:
        """The text of a string Windows allocated for us, then freed."""
        try:
            return ctypes.wstring_at(pointer.value) if pointer.value else ""
        finally:
            _kernel32.LocalFree(pointer)

    def current_user_sid() -> str:
        """The SID of the user this process runs as ("S-1-5-21-..."), from its token."""
        token = wintypes.HANDLE()
        _succeeded(_advapi32.OpenProcessToken(_kernel32.GetCurrentProcess(), _TOKEN_QUERY,
                                              ctypes.byref(token)), "OpenProcessToken")
        try:
            size = wintypes.DWORD()
            _advapi32.GetTokenInformation(token, _TOKEN_USER, None, 0, ctypes.byref(size))
            token_user = ctypes.create_string_buffer(size.value)
            _succeeded(_advapi32.GetTokenInformation(token, _TOKEN_USER, token_user, size,
                                                     ctypes.byref(size)), "GetTokenInformation")
        finally:
            _kernel32.CloseHandle(token)
        # TOKEN_USER begins with SID_AND_ATTRIBUTES, which begins with the SID's address.
        sid = _pointer.from_buffer(token_user)
        text = _pointer()
        _succeeded(_advapi32.ConvertSidToStringSidW(sid, ctypes.byref(text)),
                   "ConvertSidToStringSidW")
        return _local_string(text)

    def make_user_only(path: Path, *, folder: bool = False) -> None:
        """Give ``path`` the DACL of ``user_only_sddl``: its user's alone.

        SetFileSecurityW sets the descriptor as given, its "protected" flag with it.
        (SetNamedSecurityInfoW would do as well on Windows, but Wine 8 adds the folder's
        inherited entries back even when told the DACL is protected.)"""
        descriptor = _pointer()
        _succeeded(_advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
            user_only_sddl(current_user_sid(), folder=folder), _SDDL_REVISION_1,
            ctypes.byref(descriptor), None), "ConvertStringSecurityDescriptorToSecurityDescriptorW")
        try:
            if not _advapi32.SetFileSecurityW(
                    str(path), _DACL_SECURITY_INFORMATION | _PROTECTED_DACL_SECURITY_INFORMATION,
                    descriptor):
                error = ctypes.get_last_error()
                if error in _NO_ACLS_HERE:
                    return  # FAT or exFAT (a USB stick) keep no permissions: none to narrow
                raise ctypes.WinError(error, f"SetFileSecurityW failed for {path}")
        finally:
            _kernel32.LocalFree(descriptor)

    def dacl_sddl(path: Path) -> str:
        """``path``'s DACL as SDDL ("D:P(A;;FA;;;S-1-5-21-...)"), as Windows reads it."""
        descriptor, dacl = _pointer(), _pointer()
        error = _advapi32.GetNamedSecurityInfoW(
            str(path), _SE_FILE_OBJECT, _DACL_SECURITY_INFORMATION, None, None,
            ctypes.byref(dacl), None, ctypes.byref(descriptor))
        if error:
            raise ctypes.WinError(error, f"GetNamedSecurityInfoW failed for {path}")
        try:
            text = _pointer()
            _succeeded(_advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW(
                descriptor, _SDDL_REVISION_1, _DACL_SECURITY_INFORMATION, ctypes.byref(text),
                None), "ConvertSecurityDescriptorToStringSecurityDescriptorW")
            return _local_string(text)
        finally:
            _kernel32.LocalFree(descriptor)
