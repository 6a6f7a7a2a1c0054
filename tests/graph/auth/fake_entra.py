"""A fake Microsoft Entra ID, plugged into MSAL as its ``http_client``.

It answers the v2.0 endpoints MSAL calls (instance and tenant discovery, authorize,
token, devicecode) for the emulator's tenant, with the rules a test can fail on:
registered clients and redirect URIs, PKCE, the state and nonce, consent per person
and scope, public client flows, certificate assertions checked against the
registered certificate, client secrets. Access tokens are real emulator tokens, so
a test proves a sign-in by calling Graph on the emulator with what MSAL returned.

The person's side is here too: ``browser(user)`` plays the system browser (it
signs in, consents and posts the answer to MSAL's loopback listener over real
HTTP) and ``approve(user_code, user)`` plays the second device of a device-code
sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes

HOST = "login.microsoftonline.com"
OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
GRAPH = "https://graph.microsoft.com/"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def unsigned_jwt(claims: dict[str, Any]) -> str:
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims).encode())}."


def graph_scopes(scope_param: str) -> set[str]:
    """The Graph permissions in an OAuth ``scope`` parameter, without the OIDC ones."""
    names = {s.removeprefix(GRAPH) for s in scope_param.split()}
    return names - OIDC_SCOPES


class FakeResponse:
    """What MSAL reads from an HTTP response."""

    def __init__(self, status_code: int, body: Any, headers: dict[str, str] | None = None):
        self.status_code = status_code
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.headers = {"Content-Type": "application/json", **(headers or {})}

    def json(self) -> Any:
        return json.loads(self.text)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}: {self.text}")


@dataclass
class AppRegistration:
    client_id: str
    public_client_flows: bool = True
    multi_tenant: bool = False  # "accounts in this organizational directory only", as Deputy's
    certificate: x509.Certificate | None = None
    secret: str | None = None
    app_roles: list[str] = field(default_factory=list)


@dataclass
class Person:
    upn: str
    name: str
    oid: str


@dataclass
class PendingDevice:
    client_id: str
    scopes: set[str]
    user_code: str
    user: str | None = None
    declined: bool = False
    pending_polls: int = 0
    expires_at: float = 0.0


@dataclass
class Grant:
    """What a code or a refresh token stands for."""

    client_id: str
    user: str
    scopes: set[str] = field(default_factory=set)
    redirect_uri: str = ""
    code_challenge: str = ""
    nonce: str | None = None


class FakeEntra:
    """One tenant's Entra ID, in memory, minting tokens with the emulator.

    Attributes:
        calls: every request MSAL made, as (method, path, form data without secrets).
        consents: the Graph scopes each (client id, user) has consented to.
        token_lifetime: the access tokens' expires_in, seconds.
        device_interval: the polling interval the devicecode endpoint announces.
        device_code_lifetime: how long a device code stays valid, seconds.
    """

    def __init__(self, emulator_url: str) -> None:
        self.emulator_url = emulator_url
        tenant = requests.get(f"{emulator_url}/_emulator/tenant", timeout=10).json()
        self.tenant_id: str = tenant["tenantId"]
        self.domain: str = tenant["domain"]
        self.people = {
            u["userPrincipalName"].lower(): Person(
                u["userPrincipalName"],
                u["displayName"],
                str(uuid.uuid5(uuid.NAMESPACE_URL, u["userPrincipalName"].lower())),
            )
            for u in tenant["users"]
        }
        self.apps: dict[str, AppRegistration] = {}
        self.consents: dict[tuple[str, str], set[str]] = {}
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.token_lifetime = 3600
        self.device_interval = 0
        self.device_code_lifetime = 900
        self.offline = False
        self.assertion_headers: list[dict[str, Any]] = []  # of client assertions
        self.opened: list[str] = []  # sign-in pages the browser was sent to
        self.loopback_answers: list[int] = []  # what the loopback listener answered
        self.claims_asked: list[dict[str, Any]] = []  # the claims parameter of each token
        self._codes: dict[str, Grant] = {}
        self._refresh_tokens: dict[str, Grant] = {}
        self._devices: dict[str, PendingDevice] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ setup

    def register(self, client_id: str, **options: Any) -> AppRegistration:
        app = AppRegistration(client_id, **options)
        self.apps[client_id] = app
        return app

    def person(self, upn: str) -> Person:
        return self.people[upn.lower()]

    def revoke_sessions(self, upn: str) -> None:
        """As "Revoke sessions" in the portal: every refresh token of ``upn`` dies."""
        with self._lock:
            for token, grant in list(self._refresh_tokens.items()):
                if grant.user == upn.lower():
                    del self._refresh_tokens[token]

    def grant_types(self) -> list[str]:
        return [data.get("grant_type", "") for method, path, data in self.calls
                if path.endswith("/token")]

    def scope_requests(self) -> list[set[str]]:
        """The Graph scopes of every authorize, devicecode and token request, in order."""
        return [graph_scopes(data["scope"]) for _method, _path, data in self.calls
                if "scope" in data]

    # ------------------------------------------------------------------ the person's side

    def browser(self, user: str, *, consent: bool = True):
        """A stand-in for the system browser in which ``user`` signs in."""

        def open_browser(url: str) -> bool:
            self.opened.append(url)
            form = self._authorize(url, user, consent)
            answer = requests.post(form["redirect_uri"], data=form["fields"], timeout=10)
            self.loopback_answers.append(answer.status_code)
            return True

        return open_browser

    def approve(self, user_code: str, user: str, *, pending_polls: int = 0,
                decline: bool = False) -> None:
        """``user`` enters ``user_code`` on another device and approves (or declines)."""
        with self._lock:
            device = next(d for d in self._devices.values() if d.user_code == user_code)
            device.user = user.lower()
            device.pending_polls = pending_polls
            device.declined = decline
            if not decline:
                self._consent(device.client_id, device.user, device.scopes)

    # ------------------------------------------------------------------ MSAL's http_client

    def get(self, url: str, params: dict[str, str] | None = None, headers: Any = None,
            **_: Any) -> FakeResponse:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query.update(params or {})
        self.calls.append(("GET", parts.path, dict(query)))
        if self.offline:
            raise requests.ConnectionError("fake Entra ID is offline")
        segments = parts.path.strip("/").split("/")
        if segments[-2:] == ["discovery", "instance"]:
            return self._instance_discovery(query)
        if segments[-3:] == ["v2.0", ".well-known", "openid-configuration"]:
            return self._tenant_discovery(parts.netloc, segments[0])
        raise AssertionError(f"fake Entra ID got an unexpected GET {url}")

    def post(self, url: str, params: dict[str, str] | None = None, data: Any = None,
             headers: Any = None, **_: Any) -> FakeResponse:
        parts = urlsplit(url)
        form = dict(data or {})
        shown = {k: v for k, v in form.items()
                 if k not in ("client_secret", "client_assertion", "refresh_token", "code",
                              "code_verifier", "device_code")}
        self.calls.append(("POST", parts.path, {k: str(v) for k, v in shown.items()}))
        if self.offline:
            raise requests.ConnectionError("fake Entra ID is offline")
        tenant, *rest = parts.path.strip("/").split("/")
        if self._tenant_id_for(tenant) is None:
            return self._error(400, "invalid_tenant", f"AADSTS90002: Tenant '{tenant}' not found.")
        refused = self._single_tenant_refusal(tenant, form.get("client_id", ""))
        if refused:
            return self._error(400, "invalid_request", refused)
        if rest == ["oauth2", "v2.0", "token"]:
            with self._lock:
                return self._token(url, form)
        if rest == ["oauth2", "v2.0", "devicecode"]:
            with self._lock:
                return self._device_code(form)
        raise AssertionError(f"fake Entra ID got an unexpected POST {url}")

    # ------------------------------------------------------------------ discovery

    def _tenant_id_for(self, tenant: str) -> str | None:
        if tenant.lower() in ("organizations", "common"):
            return "{tenantid}"
        if tenant.lower() in (self.tenant_id.lower(), self.domain.lower()):
            return self.tenant_id
        return None

    def _single_tenant_refusal(self, tenant: str, client_id: str) -> str | None:
        """AADSTS50194 for a single-tenant app at a multi-tenant authority (the error
        single-tenant apps made after 15 October 2018 meet: MicrosoftDocs/azure-docs#55341,
        Azure-Samples/active-directory-javascript-singlepageapp-dotnet-webapi-v2#28)."""
        app = self.apps.get(client_id)
        if app is None or app.multi_tenant or tenant.lower() not in ("organizations", "common"):
            return None
        return (f"AADSTS50194: Application '{client_id}'(Deputy) is not configured as a "
                "multi-tenant application. Usage of the /common endpoint is not supported for "
                "such applications created after '10/15/2018'. Use a tenant-specific endpoint "
                "or configure the application to be multi-tenant.")

    def _instance_discovery(self, query: dict[str, str]) -> FakeResponse:
        endpoint = urlsplit(query["authorization_endpoint"])
        tenant = endpoint.path.strip("/").split("/")[0]
        return FakeResponse(200, {
            "tenant_discovery_endpoint":
                f"https://{endpoint.netloc}/{tenant}/v2.0/.well-known/openid-configuration",
            "api-version": "1.1",
            "metadata": [{"preferred_network": endpoint.netloc,
                          "preferred_cache": endpoint.netloc, "aliases": [endpoint.netloc]}],
        })

    def _tenant_discovery(self, host: str, tenant: str) -> FakeResponse:
        tid = self._tenant_id_for(tenant)
        if tid is None:
            return self._error(400, "invalid_tenant", f"AADSTS90002: Tenant '{tenant}' not found.")
        base = f"https://{host}/{tenant}"
        return FakeResponse(200, {
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "issuer": f"https://{host}/{tid}/v2.0",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "code_challenge_methods_supported": ["plain", "S256"],
        })

    # ------------------------------------------------------------------ authorize

    def _authorize(self, url: str, user: str, consent: bool) -> dict[str, Any]:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.calls.append(("BROWSER", parts.path, dict(query)))
        app = self.apps.get(query["client_id"])
        assert app is not None, "the browser was sent to sign in to an unregistered app"
        redirect = urlsplit(query["redirect_uri"])
        # Entra ID accepts any port on a registered http://localhost (RFC 8252 §7.3).
        assert (redirect.scheme, redirect.hostname) == ("http", "localhost"), redirect
        assert query["response_type"] == "code"
        assert query["response_mode"] == "form_post"
        assert query["code_challenge_method"] == "S256" and query["code_challenge"]
        if "login_hint" in query:
            assert query["login_hint"].lower() == user.lower()
        fields = {"state": query["state"]}
        refused = self._single_tenant_refusal(parts.path.strip("/").split("/")[0], app.client_id)
        if refused:  # Entra ID shows it in the browser and sends it back to the app
            fields.update(error="invalid_request", error_description=refused)
            return {"redirect_uri": query["redirect_uri"], "fields": fields}
        if not consent:
            fields.update(error="access_denied",
                          error_description="AADSTS65004: User declined to consent.")
            return {"redirect_uri": query["redirect_uri"], "fields": fields}
        scopes = graph_scopes(query["scope"])
        with self._lock:
            self._consent(app.client_id, user.lower(), scopes)
            code = "code-" + secrets.token_urlsafe(16)
            self._codes[code] = Grant(app.client_id, user.lower(), scopes,
                                      query["redirect_uri"], query["code_challenge"],
                                      query.get("nonce"))
        fields["code"] = code
        return {"redirect_uri": query["redirect_uri"], "fields": fields}

    def _consent(self, client_id: str, user: str, scopes: set[str]) -> None:
        self.consents.setdefault((client_id, user), set()).update(scopes)

    # ------------------------------------------------------------------ token

    def _token(self, url: str, form: dict[str, Any]) -> FakeResponse:
        app = self.apps.get(form.get("client_id", ""))
        if app is None:
            return self._error(400, "unauthorized_client",
                               "AADSTS700016: Application not found in the directory.")
        grant_type = form.get("grant_type")
        if grant_type == "client_credentials":
            return self._client_credentials(app, url, form)
        if form.get("client_secret") or form.get("client_assertion"):
            return self._error(400, "invalid_request", "A public client sent a credential.")
        if grant_type == "authorization_code":
            return self._redeem_code(app, form)
        if grant_type == "refresh_token":
            return self._refresh(app, form)
        if grant_type == DEVICE_CODE_GRANT:
            return self._poll_device(app, form)
        return self._error(400, "unsupported_grant_type", f"Unknown grant {grant_type}")

    def _redeem_code(self, app: AppRegistration, form: dict[str, Any]) -> FakeResponse:
        grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or grant.client_id != app.client_id:
            return self._error(400, "invalid_grant", "AADSTS70000: The code is invalid.")
        if form.get("redirect_uri") != grant.redirect_uri:
            return self._error(400, "invalid_grant", "AADSTS50011: redirect_uri mismatch.")
        verifier = form.get("code_verifier", "")
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant.code_challenge:
            return self._error(400, "invalid_grant", "AADSTS501481: PKCE verification failed.")
        return self._user_tokens(app, grant.user, graph_scopes(form.get("scope", "")),
                                 grant.nonce, form.get("claims"))

    def _refresh(self, app: AppRegistration, form: dict[str, Any]) -> FakeResponse:
        grant = self._refresh_tokens.get(form.get("refresh_token", ""))
        if grant is None or grant.client_id != app.client_id:
            return self._error(400, "invalid_grant",
                               "AADSTS50173: The provided grant has expired due to it being "
                               "revoked.", suberror="bad_token")
        wanted = graph_scopes(form.get("scope", ""))
        missing = wanted - self.consents.get((app.client_id, grant.user), set())
        if missing:
            return self._error(400, "invalid_grant",
                               "AADSTS65001: The user or administrator has not consented to "
                               f"use the application for {', '.join(sorted(missing))}.",
                               suberror="consent_required")
        return self._user_tokens(app, grant.user, wanted, None, form.get("claims"))

    def _device_code(self, form: dict[str, Any]) -> FakeResponse:
        app = self.apps.get(form.get("client_id", ""))
        if app is None:
            return self._error(400, "unauthorized_client", "AADSTS700016: Application not found.")
        if not app.public_client_flows:
            return self._error(400, "invalid_client",
                               "AADSTS7000218: The request body must contain the following "
                               "parameter: 'client_assertion' or 'client_secret'.")
        device_code = "device-" + secrets.token_urlsafe(16)
        user_code = secrets.token_hex(4).upper()
        self._devices[device_code] = PendingDevice(
            app.client_id, graph_scopes(form.get("scope", "")), user_code,
            expires_at=time.time() + self.device_code_lifetime)
        return FakeResponse(200, {
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": self.device_code_lifetime,
            "interval": self.device_interval,
            "message": "To sign in, use a web browser to open the page "
                       f"https://microsoft.com/devicelogin and enter the code {user_code} "
                       "to authenticate.",
        })

    def _poll_device(self, app: AppRegistration, form: dict[str, Any]) -> FakeResponse:
        device = self._devices.get(form.get("device_code", ""))
        if device is None or device.client_id != app.client_id:
            return self._error(400, "invalid_grant", "AADSTS70000: Unknown device code.")
        if device.declined:
            return self._error(400, "authorization_declined", "AADSTS70000: User declined.")
        if device.user is None or device.pending_polls > 0:
            device.pending_polls = max(0, device.pending_polls - 1)
            return self._error(400, "authorization_pending",
                               "AADSTS70016: OAuth 2.0 device flow error. Authorization is "
                               "pending. Continue polling.")
        del self._devices[form["device_code"]]
        return self._user_tokens(app, device.user, graph_scopes(form.get("scope", "")), None,
                                 form.get("claims"))

    def _client_credentials(self, app: AppRegistration, url: str,
                            form: dict[str, Any]) -> FakeResponse:
        if form.get("client_assertion_type") == JWT_BEARER:
            problem = self._check_assertion(app, url, form.get("client_assertion", ""))
        elif form.get("client_secret") is not None:
            problem = None if form["client_secret"] == app.secret else "AADSTS7000215: " \
                "Invalid client secret provided."
        else:
            problem = "AADSTS7000218: The request body must contain 'client_assertion' or " \
                      "'client_secret'."
        if problem:
            return self._error(401, "invalid_client", problem)
        # The emulator is this cloud's Graph too: a client configured with its address as
        # the Graph base URL asks for "<that address>/.default", as for a national cloud.
        if form.get("scope") not in (GRAPH + ".default", f"{self.emulator_url}/.default"):
            return self._error(400, "invalid_scope",
                               "AADSTS1002012: The provided value for scope is not valid. "
                               "Client credential flows must have a scope value with /.default.")
        minted = self._mint({"roles": app.app_roles, "client_id": app.client_id})
        return FakeResponse(200, {"token_type": "Bearer", "expires_in": self.token_lifetime,
                                  "ext_expires_in": self.token_lifetime,
                                  "access_token": minted})

    def _check_assertion(self, app: AppRegistration, url: str, assertion: str) -> str | None:
        if app.certificate is None:
            return "AADSTS700027: No certificate is registered for this application."
        header = jwt.get_unverified_header(assertion)
        self.assertion_headers.append(header)
        if "x5t#S256" in header:
            expected = b64url(app.certificate.fingerprint(hashes.SHA256()))
            thumbprint = header["x5t#S256"]
        else:
            expected = b64url(app.certificate.fingerprint(hashes.SHA1()))
            thumbprint = header.get("x5t")
        # MSAL pads its base64url thumbprints; Entra ID accepts both forms.
        if (thumbprint or "").rstrip("=") != expected:
            return "AADSTS700027: The certificate with this thumbprint is not registered."
        try:
            claims = jwt.decode(assertion, app.certificate.public_key(),
                                algorithms=[header["alg"]], audience=url,
                                issuer=app.client_id)
        except jwt.InvalidTokenError as exc:
            return f"AADSTS700027: Client assertion failed signature validation: {exc}"
        if claims.get("sub") != app.client_id:
            return "AADSTS700027: The assertion's subject is not the client."
        return None

    # ------------------------------------------------------------------ minting

    def _user_tokens(self, app: AppRegistration, user: str, asked: set[str],
                     nonce: str | None, claims: str | None = None) -> FakeResponse:
        person = self.people[user]
        # Like Entra ID, a token carries every scope the person consented to for Graph.
        granted = sorted(self.consents.get((app.client_id, user), set()) | asked)
        wanted = json.loads(claims) if claims else {}
        self.claims_asked.append(wanted)
        # The client's capabilities (MSAL's client_capabilities, sent as xms_cc in the
        # claims parameter) become the token's: a CP1 token is challenged under CAE.
        capabilities = (wanted.get("access_token") or {}).get("xms_cc", {}).get("values", [])
        access_token = self._mint({"user": person.upn, "scopes": granted,
                                   "client_id": app.client_id, "capabilities": capabilities})
        refresh_token = "rt-" + secrets.token_urlsafe(24)
        self._refresh_tokens[refresh_token] = Grant(app.client_id, user)
        now = int(time.time())
        claims = {
            "aud": app.client_id, "iss": f"https://{HOST}/{self.tenant_id}/v2.0",
            "iat": now, "nbf": now, "exp": now + 3600, "ver": "2.0",
            "oid": person.oid, "sub": person.oid, "tid": self.tenant_id,
            "preferred_username": person.upn, "name": person.name,
        }
        if nonce:
            claims["nonce"] = nonce
        return FakeResponse(200, {
            "token_type": "Bearer",
            "scope": " ".join([*granted, "openid", "profile", "email"]),
            "expires_in": self.token_lifetime,
            "ext_expires_in": self.token_lifetime,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "id_token": unsigned_jwt(claims),
            "client_info": b64url(json.dumps({"uid": person.oid,
                                              "utid": self.tenant_id}).encode()),
        })

    def _mint(self, body: dict[str, Any]) -> str:
        body = {**body, "expires_in": self.token_lifetime}
        response = requests.post(f"{self.emulator_url}/_emulator/token", json=body, timeout=10)
        response.raise_for_status()
        return response.json()["access_token"]

    @staticmethod
    def _error(status: int, error: str, description: str, **extra: Any) -> FakeResponse:
        return FakeResponse(status, {"error": error, "error_description": description,
                                     "error_codes": [int(description[6:].split(":")[0])]
                                     if description.startswith("AADSTS") else [],
                                     "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ"),
                                     "trace_id": str(uuid.uuid4()),
                                     "correlation_id": str(uuid.uuid4()), **extra})
