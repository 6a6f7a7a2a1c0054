"""How long the emulator takes to answer a page of the directory, at several sizes.

``python -m bench.directory_pages --mailboxes 1000 20000``

The sync of a large tenant starts by reading ``/users`` in pages of 999; the emulator
used to render and sort every user for every page, so a 100,000-mailbox sync spent
most of its time there (issue 20). Each size's tenant runs in an emulator process of
its own; the whole directory is read page by page, as Deputy reads it, and the time per
page is given side by side: it should not grow with the tenant.
"""

from __future__ import annotations

import argparse
import time

import requests

from bench.common import emulator, report

PAGE = 999
FIELDS = "id,displayName,userPrincipalName,mail,userType"


def read_directory(base_url: str) -> tuple[int, int, float]:
    """(users, pages, seconds) to read the whole directory as the administrators' app."""
    token = requests.post(f"{base_url}/_emulator/token", json={"roles": ["User.Read.All"]},
                          timeout=30).json()["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    url: str | None = f"{base_url}/v1.0/users?$top={PAGE}&$select={FIELDS}"
    users = pages = 0
    started = time.perf_counter()
    while url:
        page = session.get(url, timeout=300).json()
        users, pages = users + len(page["value"]), pages + 1
        url = page.get("@odata.nextLink")
    return users, pages, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailboxes", type=int, nargs="+", default=[1000, 20000])
    args = parser.parse_args()
    rows, results = [], {}
    for size in args.mailboxes:
        with emulator(f"scale:{size}") as running:
            users, pages, seconds = read_directory(running.base_url)
        per_page_ms = seconds / pages * 1000
        rows.append([f"{size:,} mailboxes", users, pages, seconds, per_page_ms])
        results[str(size)] = {"users": users, "pages": pages, "seconds": round(seconds, 3),
                              "ms_per_page": round(per_page_ms, 1)}
    first, last = (results[str(n)]["ms_per_page"] for n in (args.mailboxes[0],
                                                             args.mailboxes[-1]))
    report("directory_pages", parameters={"mailboxes": args.mailboxes, "page": PAGE},
           results={**results, "page_time_ratio_largest_to_smallest": round(last / first, 2)},
           header=["tenant", "users", "pages", "seconds", "ms per page"], rows=rows,
           notes=[f"A page of the largest tenant takes {last / first:.1f} times a page of the "
                  "smallest (1.0: independent of the tenant's size)."])


if __name__ == "__main__":
    main()
