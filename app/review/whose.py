"""Whose snapshots a review offers: the signed-in identity's own, in its own tenant.

Snapshots of every identity that syncs on this computer share one file (one
``snapshots.db`` in the user's data folder, readable by that operating-system user
only). Each snapshot records who took it (``Snapshot.identity_key``) and in which
tenant, and a signed-in review offers only its own: Alex never reads "Taken by Adele
Vance", and an assistant's partial view never stands in for an administrator's
complete one. The administrators' app's snapshots belong to that app; a person on
whose computer it is set up (who can sync as it) is offered them too.

Offline (``deputy --offline``, or when sign-in fails) nobody is signed in: the review
offers every snapshot in the file, each saying who took it, and opens on the newest
finished one, whoever took it. Imported snapshots were brought here on purpose, and
are offered to everyone.

This is a view rule, not a barrier: the file's boundary is the operating-system
account, as it is for the token cache. Keeping one file keeps export, import,
``deputy report --snapshot latest`` and the offline review simple; one file per
identity would add no protection between people who share an account.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.review.snapshot_store import Snapshot

APP_ONLY = "app-only"
DEMO_SUFFIX = "(demo tenant)"


def same_tenant(one: str, other: str) -> bool:
    """Equal names; any two demo tenants are the demo (the window names every seed's
    tenant "Contoso (demo tenant)", ``deputy sync --demo --seed`` names the seed)."""
    return one == other or (one.endswith(DEMO_SUFFIX) and other.endswith(DEMO_SUFFIX))


def offered(snapshots: Iterable[Snapshot], *, identity_key: str | None, tenant: str = "",
            admin_tenant: str | None = None) -> list[Snapshot]:
    """The snapshots a review shows; ``identity_key`` None: offline, every snapshot.

    ``admin_tenant``: the tenant of the administrators' app set up on this computer,
    whose snapshots a person who can sync as it is offered too; None: not set up."""
    if identity_key is None:
        return list(snapshots)

    def own(snapshot: Snapshot) -> bool:
        return snapshot.identity_key == identity_key and same_tenant(snapshot.tenant, tenant)

    def admin_app(snapshot: Snapshot) -> bool:
        return (admin_tenant is not None and snapshot.identity_key == APP_ONLY
                and same_tenant(snapshot.tenant, admin_tenant))

    return [s for s in snapshots if s.imported or own(s) or admin_app(s)]
