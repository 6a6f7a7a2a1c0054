"""The packaging files that can't run here are at least well-formed and consistent.

The real builds run in .github/workflows/package.yml (Windows, macOS) and in
``CI_PACKAGING=1 .ci/run`` (Linux); these checks keep the workflow, the spec and the
NSIS script from naming scripts that don't exist or breaking without anyone noticing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from app import paths
from tests.platforms import LINUX_PROGRAMS

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "package.yml"
NSIS_SCRIPT = PACKAGING / "windows" / "deputy.nsi"
SCRIPT_PATH = re.compile(r"packaging/[\w./-]+")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["package"]["steps"]


def runs(condition: str) -> str:
    """The commands of the steps that run on a runner where ``condition`` holds."""
    return "\n".join(step.get("run", "") for step in steps()
                     if step.get("if", condition) == condition)


def test_the_workflow_builds_on_windows_macos_and_linux_with_python_311():
    document = workflow()
    assert "push" in document[True] or "push" in document.get("on", {})  # YAML 1.1: on is True
    job = document["jobs"]["package"]
    systems = {entry["os"] for entry in job["strategy"]["matrix"]["include"]}
    assert {"windows-latest", "macos-latest"} <= systems
    assert any(system.startswith("ubuntu-") for system in systems)
    assert job["runs-on"] == "${{ matrix.os }}"
    for step in job["steps"]:
        assert ("uses" in step) != ("run" in step), step
    python = next(step for step in job["steps"] if step.get("uses", "").startswith(
        "actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    assert '".[package]"' in "\n".join(step.get("run", "") for step in job["steps"])
    assert any(step.get("uses", "").startswith("actions/upload-artifact@")
               for step in job["steps"])


def test_each_system_builds_with_the_spec_smoke_tests_and_packs():
    linux, other = "runner.os == 'Linux'", "runner.os != 'Linux'"
    assert "packaging/build.sh" in runs(linux)  # spec, smoke test, tarball, .deb
    assert "packaging/deputy.spec" in runs(other)
    assert "packaging/smoke_test.sh dist/deputy" in runs(other)
    windows = runs("runner.os == 'Windows'")
    assert "choco install nsis" in windows
    assert "packaging/build_windows_installer.sh" in windows


def test_every_packaging_script_named_exists_and_scripts_are_executable():
    named = set(SCRIPT_PATH.findall("\n".join(step.get("run", "") for step in steps())))
    named |= set(SCRIPT_PATH.findall((ROOT / ".ci" / "run").read_text(encoding="utf-8")))
    assert {"packaging/build.sh", "packaging/smoke_test.sh",
            "packaging/build_windows_installer.sh", "packaging/deputy.spec"} <= named
    for name in named:
        path = ROOT / name
        assert path.is_file(), f"{name} is named but does not exist"
        if path.suffix == ".sh":
            assert os.access(path, os.X_OK), f"{name} is not executable"


@LINUX_PROGRAMS
def test_the_shell_scripts_parse():
    scripts = [*PACKAGING.glob("*.sh"), *PACKAGING.glob("linux/*.sh"),
               *PACKAGING.glob("windows/*.sh"), PACKAGING / "windows" / "deputy-under-wine",
               ROOT / ".ci" / "run"]
    for script in scripts:
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


def test_ci_installs_nsis_and_builds_the_package_when_asked():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\s*packages=.*\bnsis\b", ci, re.MULTILINE)
    assert "CI_PACKAGING" in ci and "packaging/build.sh" in ci


def test_pyinstaller_is_the_package_extra():
    with (ROOT / "pyproject.toml").open("rb") as file:
        extras = tomllib.load(file)["project"]["optional-dependencies"]
    assert any(requirement.startswith("pyinstaller>=") for requirement in extras["package"])


def test_the_spec_is_python_and_puts_the_seed_where_the_frozen_app_looks():
    source = (PACKAGING / "deputy.spec").read_text(encoding="utf-8")
    compile(source, "deputy.spec", "exec")
    compile((PACKAGING / "deputy_main.py").read_text(encoding="utf-8"), "deputy_main.py", "exec")
    assert '"resources/seed"' in source


def test_the_frozen_app_finds_its_resources_under_meipass(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.RESOURCES_ENV, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.seed_file("contoso") == tmp_path / "resources" / "seed" / "contoso.json"


def test_the_self_check_passes_from_source():
    """What the frozen app checks in itself also holds in the development environment,
    so a failure of the frozen self-check points at the packaging."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, str(PACKAGING / "self_check.py")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sum(line.startswith("ok ") for line in result.stdout.splitlines()) >= 7


def test_the_installer_is_per_user_and_keeps_the_users_data_unless_asked():
    script = NSIS_SCRIPT.read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines() if not line.lstrip().startswith(";")]
    assert "RequestExecutionLevel user" in lines
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP}"' in lines
    assert re.search(r'WriteRegStr HKCU "\$\{UNINSTALL_KEY\}" "UninstallString"', script)
    assert "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\" in script
    assert re.search(r'CreateShortcut "\$SMPROGRAMS\\', script)
    # The data section is optional ("/o": not ticked) and the only one touching the data.
    data_section = re.search(r'Section /o "un\.[^"]*data[^"]*".*?SectionEnd', script, re.DOTALL)
    assert data_section and "${USER_DATA}" in data_section.group()
    assert script.count("${USER_DATA}") == 1


def test_the_installer_script_compiles(tmp_path):
    makensis = shutil.which("makensis")
    if makensis is None:
        pytest.skip("makensis is not installed (apt install nsis; .ci/run installs it)")
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    (payload / "deputy.exe").write_bytes(b"MZ stand-in")
    (payload / "deputyw.exe").write_bytes(b"MZ stand-in")
    (payload / "_internal" / "library.dll").write_bytes(b"stand-in")
    # The name build_windows_installer.sh gives it (makensis warns about a bare
    # "setup.exe", which Windows would run with compatibility shims).
    setup = tmp_path / "deputy-0.1.0-setup.exe"
    result = subprocess.run(
        [makensis, "-V2", "-WX", f"-DPAYLOAD={payload}", "-DVERSION=0.1.0",
         f"-DOUTFILE={setup}", str(NSIS_SCRIPT)],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert setup.read_bytes()[:2] == b"MZ"


def spec_constant(name: str):
    """The value of the spec's top-level assignment to ``name`` (a literal)."""
    import ast

    tree = ast.parse((PACKAGING / "deputy.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"deputy.spec has no {name}")


def kept_plugins() -> dict[str, str]:
    """The spec's ``KEEP_PLUGINS``: plugin folder -> pattern of the file stems kept."""
    return spec_constant("KEEP_PLUGINS")


def test_the_frozen_app_runs_in_utf8_mode():
    # PyInstaller's bootloader turns UTF-8 mode on for an X option whose name is exactly
    # "utf8", bare or followed by "=" and a value other than 0 (pyi_pyconfig.c,
    # _pyi_match_key_value_flag); any other name goes to Python as an -X option it ignores.
    options = [name for name, _, kind in spec_constant("OPTIONS") if kind == "OPTION"]
    assert any(re.fullmatch(r"X utf8(=(?!0$).+)?", name) for name in options), options


def spec_keeps(folder: str, file: str) -> bool:
    """As the spec's plugin_wanted: the file's stem, without "lib", against the pattern."""
    stem = re.sub(r"\.(so|dll|dylib)$", "", file).removeprefix("lib")
    pattern = kept_plugins().get(folder)
    return pattern is not None and re.fullmatch(pattern, stem) is not None


def test_the_spec_keeps_the_native_styles_of_windows_and_macos():
    # Without them the frozen app draws Qt's 1990s "windows" style on Windows 10 and 11.
    for file in ["qmodernwindowsstyle.dll", "qwindowsvistastyle.dll", "libqmacstyle.dylib"]:
        assert spec_keeps("styles", file), file
    assert not spec_keeps("styles", "qfusionstyle.dll")  # Qt has Fusion built in


def test_the_spec_keeps_the_platforms_deputy_runs_on():
    for file in ["qwindows.dll", "qoffscreen.dll", "libqxcb.so", "libqwayland-egl.so",
                 "libqcocoa.dylib"]:
        assert spec_keeps("platforms", file), file
    assert not spec_keeps("platforms", "qdirect2d.dll")


def test_ci_builds_for_windows_under_wine_only_when_asked():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    asked = re.search(r'if \[ "\$\{CI_WINDOWS:-0\}" = 1 \]; then\n(.*?)\nfi', ci, re.DOTALL)
    assert asked and "packaging/windows/build_under_wine.sh" in asked.group(1)
    commands = [line for line in ci.splitlines() if not line.lstrip().startswith("#")]
    # Nowhere else: the default CI needs no Wine.
    assert sum("build_under_wine.sh" in line for line in commands) == 1
    script = PACKAGING / "windows" / "build_under_wine.sh"
    assert os.access(script, os.X_OK)


def test_the_windows_wheels_are_pinned():
    lines = (PACKAGING / "windows" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line for line in lines if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[\w.-]+==[\w.]+", line) for line in requirements), requirements
    names = {line.split("==")[0].lower() for line in requirements}
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    wanted = project["dependencies"] + [requirement for extra in ("test", "package")
                                        for requirement in project["optional-dependencies"][extra]]
    for requirement in wanted:
        name = re.match(r"[\w.-]+", requirement).group().lower()
        assert name in names, f"{name} (pyproject.toml) is not pinned for Windows"


def test_the_test_workflow_runs_the_suite_on_ubuntu_and_windows():
    document = yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml")
                              .read_text(encoding="utf-8"))
    job = document["jobs"]["tests"]
    systems = {entry["os"] for entry in job["strategy"]["matrix"]["include"]}
    assert "windows-latest" in systems
    assert any(system.startswith("ubuntu-") for system in systems)
    assert job["env"]["QT_QPA_PLATFORM"] == "offscreen"
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    assert '".[test]"' in commands
    assert re.search(r"^python -m pytest\b", commands, re.MULTILINE)
    for step in job["steps"]:
        assert ("uses" in step) != ("run" in step), step
