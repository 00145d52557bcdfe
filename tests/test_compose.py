"""docker-compose.yml and Dockerfile stay honest: pinned images, cypher-shell healthcheck, no secrets, Neo4j wiring."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
EXACT_TAG = re.compile(r"^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$")  # name:MAJOR.MINOR.PATCH[-variant]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_images_are_pinned_to_exact_tags(compose):
    images = {name: svc["image"] for name, svc in compose["services"].items() if "image" in svc}
    assert images["neo4j"].startswith("neo4j:5.")
    for name, image in images.items():
        assert EXACT_TAG.match(image), f"{name}: {image} is not an exact version tag"
        assert "latest" not in image
    base = re.search(r"^FROM\s+(\S+)", DOCKERFILE.read_text(encoding="utf-8"), re.M).group(1)
    assert EXACT_TAG.match(base) and base.startswith("python:3.11."), base


def test_neo4j_healthcheck_runs_cypher_shell(compose):
    check = compose["services"]["neo4j"]["healthcheck"]
    command = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    assert "cypher-shell" in command and "RETURN 1" in command
    assert "volumes" in compose and any(v.endswith(":/data") for v in compose["services"]["neo4j"]["volumes"])


def test_no_literal_passwords(compose):
    auth = compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]+\}", auth), auth
    for name, svc in compose["services"].items():
        env = svc.get("environment", {})
        for key, value in env.items():
            if "PASSWORD" in key or key.endswith("AUTH"):
                assert "${NEO4J_PASSWORD:?" in str(value), f"{name}.{key} must come from the environment"
    assert "PASSWORD" not in DOCKERFILE.read_text(encoding="utf-8")


def test_regkg_services_point_at_neo4j(compose):
    services = compose["services"]
    for name in ("api", "loader"):
        svc = services[name]
        env = svc["environment"]
        assert env["REGKG_NEO4J_URI"] == "bolt://neo4j:7687"
        assert env["REGKG_NEO4J_USER"] == "neo4j"
        assert svc["depends_on"]["neo4j"]["condition"] == "service_healthy"
        assert svc["build"] == "." and "regkg" in " ".join(svc["command"])
    assert "regkg load corpus/*.txt" in " ".join(services["loader"]["command"])
    assert services["loader"]["restart"] == "no"
    assert services["api"]["command"][:2] == ["regkg", "serve"]


def test_dockerfile_installs_the_package_as_a_non_root_user():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^RUN pip install \.", text, re.M)
    user = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0")
    assert "COPY corpus" in text  # the loader service loads the bundled corpus from the image


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    if standalone and "v2." in subprocess.run([standalone, "version"], capture_output=True, text=True).stdout:
        return [standalone]
    return None


def test_docker_compose_config_accepts_the_file():
    command = _compose_command()
    if command is None:
        pytest.skip("no Docker Compose v2 client here (docker compose plugin or docker-compose v2): "
                    "the file was checked only as YAML")
    env = {**os.environ, "NEO4J_PASSWORD": "a-real-secret-42"}
    done = subprocess.run([*command, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    env.pop("NEO4J_PASSWORD")
    refused = subprocess.run([*command, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, env=env,
                             cwd=ROOT, timeout=60)
    assert refused.returncode != 0 and "NEO4J_PASSWORD" in refused.stderr
