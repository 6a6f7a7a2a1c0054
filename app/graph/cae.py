"""Continuous access evaluation: Graph's claims challenge, read from a 401.

Deputy's sign-in declares the client capability ``CP1`` (MSAL's
``client_capabilities``), so Entra ID issues it long-lived tokens that Graph may
revoke at once after a critical event (sessions revoked, password changed, account
disabled, a location policy). Graph then answers 401 with
``WWW-Authenticate: Bearer ... error="insufficient_claims", claims="<base64 JSON>"``
(shape as in microsoftgraph/msgraph-sdk-dotnet#1416, "The SDK is not able to parse the
CAE challenge"; the .NET SDK's handling: msgraph-sdk-dotnet-core#173). The client asks
MSAL for a new token with those claims (``claims_challenge=``) and repeats the call
once (Microsoft's "How to use Continuous Access Evaluation enabled APIs in your
applications"), and never answers a second challenge for the same call (the Azure
SDKs' rule: Azure/azure-sdk-for-net#46129). A 401 without claims stays an error with
Graph's own answer (microsoft/kiota-python#471). The service writes
``authorization_uri`` unquoted (msgraph-sdk-dotnet#1416): only the quoted ``error``
and ``claims`` are read.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

CLIENT_CAPABILITIES = ["CP1"]
_PARAMETER = re.compile(r'(\w+)="([^"]*)"')


def claims_of(www_authenticate: str | None) -> str | None:
    """The challenge's claims as a JSON string (what MSAL's ``claims_challenge`` takes),
    or None when the header is no claims challenge."""
    if not www_authenticate:
        return None
    parameters = {name.lower(): value for name, value in _PARAMETER.findall(www_authenticate)}
    if parameters.get("error") != "insufficient_claims" or not parameters.get("claims"):
        return None
    encoded = parameters["claims"]
    padded = encoded + "=" * (-len(encoded) % 4)
    decode = base64.urlsafe_b64decode if "-" in encoded or "_" in encoded else base64.b64decode
    try:
        claims = decode(padded).decode("utf-8")
        json.loads(claims)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return claims
