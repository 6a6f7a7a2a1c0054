"""The scope table, the configuration and the registration checklist."""

from __future__ import annotations

import pytest

from app.graph import endpoints
from app.graph.auth import AuthConfig, registration_checklist, scopes_for, sign_in_scopes
from app.graph.auth.config import REGISTRATION_CHECKLIST
from app.graph.auth.scopes import ADMIN_APPLICATION_PERMISSIONS, FEATURES
from app.graph.emulator.auth import KNOWN_APP_ROLES, KNOWN_DELEGATED_SCOPES
from tests.graph_client import ADMIN_ROLES


def test_each_feature_asks_for_its_least_privileged_scope():
    assert scopes_for("sign_in") == ["User.Read"]
    assert scopes_for("calendars") == ["Calendars.Read"]
    assert scopes_for("shared_calendars") == ["Calendars.Read.Shared"]
    assert scopes_for("write_shared") == ["Calendars.ReadWrite.Shared"]
    assert scopes_for("sharing") == ["Calendars.ReadWrite"]
    assert scopes_for("meeting_messages") == ["Mail.Read.Shared"]
    assert scopes_for("mailbox_settings_read") == ["MailboxSettings.Read"]
    assert scopes_for("mailbox_settings") == ["MailboxSettings.ReadWrite"]
    assert scopes_for("directory") == ["User.ReadBasic.All"]


def test_a_scope_covered_by_another_asked_scope_is_left_out():
    assert scopes_for("calendars", "sharing") == ["Calendars.ReadWrite"]
    assert scopes_for("calendars", "shared_calendars") == ["Calendars.Read.Shared"]
    assert scopes_for("shared_calendars", "write_shared", "sharing") == [
        "Calendars.ReadWrite.Shared"]
    assert scopes_for("mailbox_settings_read", "mailbox_settings") == [
        "MailboxSettings.ReadWrite"]
    assert scopes_for("directory", "sign_in") == ["User.Read", "User.ReadBasic.All"]


def test_sign_in_asks_for_user_read_and_nothing_else_by_default():
    assert sign_in_scopes() == ["User.Read"]
    assert sign_in_scopes("calendars") == ["Calendars.Read", "User.Read"]


def test_an_unknown_feature_is_named():
    with pytest.raises(ValueError, match="calender"):
        scopes_for("calender")


def test_every_scope_and_role_is_one_graph_knows():
    assert {feature.scope for feature in FEATURES.values()} <= KNOWN_DELEGATED_SCOPES
    assert set(ADMIN_APPLICATION_PERMISSIONS) <= KNOWN_APP_ROLES
    assert list(ADMIN_APPLICATION_PERMISSIONS) == ADMIN_ROLES


def test_the_configuration_defaults_to_the_public_cloud_at_the_tenants_own_authority():
    config = AuthConfig(client_id="c", tenant="contoso.onmicrosoft.com")

    assert config.authority == f"{endpoints.LOGIN_AUTHORITY_HOST}/contoso.onmicrosoft.com"
    assert config.graph_base_url == endpoints.GRAPH_BASE_URL
    assert config.graph_default_scope == endpoints.GRAPH_DEFAULT_SCOPE
    assert config.single_tenant
    assert not AuthConfig(client_id="c", tenant="organizations").single_tenant


def test_a_national_cloud_changes_hosts_not_code():
    config = AuthConfig(client_id="c", tenant="contoso.us/",
                        authority_host="https://login.sovereign.example/",
                        graph_base_url="https://graph.sovereign.example")

    assert config.authority == "https://login.sovereign.example/contoso.us"
    assert config.graph_default_scope == "https://graph.sovereign.example/.default"
    assert config.single_tenant


def test_the_checklist_names_everything_an_administrator_registers():
    text = registration_checklist("11112222-3333-4444-5555-666677778888")

    assert "ms-appx-web://microsoft.aad.brokerplugin/11112222-3333-4444-5555-666677778888" in text
    for needed in ("Mobile and desktop applications", "http://localhost",
                   "Allow public client flows", "certificate", "client", "admin consent"):
        assert needed in text
    for feature in FEATURES.values():
        assert feature.scope in text
    for role in ADMIN_APPLICATION_PERMISSIONS:
        assert f"- {role}" in text
    assert "{client_id}" in REGISTRATION_CHECKLIST
    assert "{client_id}" not in registration_checklist()
    assert "<Application (client) ID>" in registration_checklist()
