"""The version resource of Windows executables: ``python version_resource.py VERSION EXE...``

Prints each file's ProductName, FileVersion and CompanyName as Windows shows them in the
file's Properties (and software inventories read them), and fails unless each has
ProductName "Deputy" and FileVersion VERSION, and an icon (what Explorer, the taskbar
and Apps & features show for it). Needs pefile (a PyInstaller dependency).
"""

from __future__ import annotations

import sys

import pefile


def strings(path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    executable = pefile.PE(path, fast_load=True)
    executable.parse_data_directories(
        directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    for info in getattr(executable, "FileInfo", None) or []:
        for entry in info:
            for table in getattr(entry, "StringTable", []):
                found.update({key.decode(): value.decode()
                              for key, value in table.entries.items()})
    return found


def icon_groups(path: str) -> int:
    """How many icons (RT_GROUP_ICON resources) the executable carries."""
    executable = pefile.PE(path, fast_load=True)
    executable.parse_data_directories(
        directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    resources = getattr(executable, "DIRECTORY_ENTRY_RESOURCE", None)
    groups = [entry for entry in (resources.entries if resources else [])
              if entry.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"]]
    return sum(len(group.directory.entries) for group in groups)


def main(argv: list[str]) -> int:
    version, *paths = argv
    wrong = 0
    for path in paths:
        found = strings(path)
        print(f"{path}: {found.get('ProductName')} {found.get('FileVersion')} "
              f"({found.get('CompanyName')}: {found.get('FileDescription')})")
        if found.get("ProductName") != "Deputy" or found.get("FileVersion") != version:
            print(f"{path}: not Deputy {version}", file=sys.stderr)
            wrong += 1
        if not icon_groups(path):
            print(f"{path}: no icon", file=sys.stderr)
            wrong += 1
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
