"""The one exception type the emulator's rules raise, rendered as a Graph error body."""

from __future__ import annotations


class GraphError(Exception):
    """A request that Graph would refuse.

    Attributes:
        status: HTTP status code.
        code: Graph error code, for example ``ErrorAccessDenied``.
        message: the text Graph puts in ``error.message``.
        headers: extra response headers (``Retry-After`` for throttling).
    """

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def access_denied(
    message: str = "Access is denied. Check credentials and try again.",
) -> GraphError:
    return GraphError(403, "ErrorAccessDenied", message)


def not_found(message: str = "The specified object was not found in the store.") -> GraphError:
    return GraphError(404, "ErrorItemNotFound", message)


def invalid_request(message: str) -> GraphError:
    return GraphError(400, "ErrorInvalidRequest", message)


def invalid_user(address: str) -> GraphError:
    return GraphError(404, "ErrorInvalidUser", f"The requested user '{address}' is invalid.")


def unknown_property(name: str, type_name: str) -> GraphError:
    """What Graph answers when a body names a property its type does not have."""
    return GraphError(
        400,
        "RequestBodyRead",
        f"The property '{name}' does not exist on type 'microsoft.graph.{type_name}'. Make sure "
        "to only use property names that are defined by the type or mark the type as open type.",
    )


def unauthenticated(message: str) -> GraphError:
    return GraphError(401, "InvalidAuthenticationToken", message)
