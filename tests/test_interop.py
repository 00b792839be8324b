"""Popolo and OParl views of the seeds, checked against the published JSON schemas.

The schemas are read from ../shared/schemas/ (reference data, not part of the project). Popolo's
are JSON Schema draft 3 and refer to each other by their published URLs; OParl's name no draft
(so the current one) and embed objects by a non-standard ``schema`` key, so embedded objects are
validated one by one here, each against the schema of its ``type``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from kommunegraf.config import load_config
from kommunegraf.interop import OPARL, oparl, popolo
from kommunegraf.pipeline import build_documents
from kommunegraf.store import EmbeddedStore
from ontology import KG
from tests.conftest import SEEDS, SHARED

SCHEMAS = SHARED / "schemas"
POPOLO_BASE = "https://kommunegraf.dk/popolo/"
OPARL_BASE = "https://kommunegraf.dk/oparl/"
DATA = "https://kommunegraf.dk/id/"


@pytest.fixture(scope="module")
def seeds_store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    report = build_documents([SEEDS], store, load_config({"store": ":memory:"}, environ={}))
    assert not report.failed, report.summary_lines()
    return store


@pytest.fixture(scope="module")
def popolo_view(seeds_store: EmbeddedStore) -> dict[str, Any]:
    return popolo(seeds_store, POPOLO_BASE)


@pytest.fixture(scope="module")
def oparl_view(seeds_store: EmbeddedStore) -> dict[str, Any]:
    return oparl(seeds_store, OPARL_BASE)


# --- format checks the schemas name ------------------------------------------------------------


def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urllib.parse.urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value and moment.tzinfo is not None  # RFC 3339 wants an offset


def format_checker() -> jsonschema.FormatChecker:
    # jsonschema checks "uri" and "date-time" only with optional packages that are not
    # installed, and OParl's "url" is no standard format: checked here, strictly.
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(_is_url)
    checker.checks("url")(_is_url)
    checker.checks("date-time")(_is_date_time)
    return checker


def popolo_validator(name: str) -> jsonschema.Draft3Validator:
    resources = []
    for path in sorted((SCHEMAS / "popolo").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources += [(schema["id"], resource), (schema["id"].rstrip("#"), resource)]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / "popolo" / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft3Validator(schema, registry=registry, format_checker=format_checker())


def oparl_validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "oparl-1.1" / f"{name}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=format_checker())


def errors_of(validator: Any, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


# --- Popolo ------------------------------------------------------------------------------------


POPOLO_KINDS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
}


def test_popolo_objects_validate_against_the_popolo_schemas(
    popolo_view: dict[str, Any],
) -> None:
    assert set(popolo_view) == set(POPOLO_KINDS)
    for key, schema in POPOLO_KINDS.items():
        validator = popolo_validator(schema)
        assert popolo_view[key], f"no {key}"
        for instance in popolo_view[key]:
            assert errors_of(validator, instance) == [], (key, instance["id"])


def test_popolo_references_resolve_and_ids_are_unique(popolo_view: dict[str, Any]) -> None:
    ids = {key: [o["id"] for o in popolo_view[key]] for key in POPOLO_KINDS}
    for key, values in ids.items():
        assert len(values) == len(set(values)), f"duplicate ids in {key}"
    persons, organizations, posts = (set(ids[k]) for k in ("persons", "organizations", "posts"))
    for membership in popolo_view["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations
        assert membership["post_id"] in posts
        assert membership.get("on_behalf_of_id", next(iter(organizations))) in organizations
    for organization in popolo_view["organizations"]:
        assert organization.get("parent_id", organization["id"]) in organizations
    for post in popolo_view["posts"]:
        assert post["organization_id"] in organizations
        assert post["id"].startswith(POPOLO_BASE + "post/")


def test_popolo_says_what_the_documents_say(popolo_view: dict[str, Any]) -> None:
    persons = {p["name"]: p for p in popolo_view["persons"]}
    pernille = persons["Pernille Blach Hansen"]
    assert {"name": "Penille Blach Hansen"} in pernille["other_names"]
    assert "Penille Blach Hansen" not in persons
    assert all(s["url"].startswith(DATA + "document/") for s in pernille["sources"])
    organizations = {o["id"]: o for o in popolo_view["organizations"]}
    group = organizations[DATA + "body/uddannelsesstyregruppen"]
    assert group["parent_id"] == DATA + "body/kd-net"
    aarhus = organizations[DATA + "municipality/0751"]
    assert aarhus["classification"] == "municipality"
    assert {"identifier": "0751", "scheme": "kommunekode"} in aarhus["identifiers"]
    roles = {m["role"] for m in popolo_view["memberships"]}
    assert {"formand", "medlem", "kommunaldirektør"} <= roles
    chairs = [
        m for m in popolo_view["memberships"]
        if m["role"] == "formand" and m["organization_id"] == DATA + "body/kd-net"
    ]
    assert chairs, "KD-Net has a chair in the documents"


def test_popolo_counts_match_the_graph(
    popolo_view: dict[str, Any], seeds_store: EmbeddedStore
) -> None:
    def count(cls: str) -> int:
        term = getattr(KG, cls).n3()
        rows = seeds_store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {term} }}")
        return int(str(rows[0]["n"]))

    assert len(popolo_view["persons"]) == count("Person")
    assert len(popolo_view["organizations"]) == count("Body")
    assert len(popolo_view["memberships"]) == count("Mandate")


# --- OParl -------------------------------------------------------------------------------------


def oparl_objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every OParl object in a structure, embedded ones included."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(OPARL):
            yield value
        for inner in value.values():
            yield from oparl_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from oparl_objects(inner)


def test_oparl_objects_validate_against_the_oparl_schemas(oparl_view: dict[str, Any]) -> None:
    validators: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for instance in oparl_objects({k: v for k, v in oparl_view.items() if k != "lists"}):
        name = instance["type"][len(OPARL):]
        validator = validators.setdefault(name, oparl_validator(name))
        assert errors_of(validator, instance) == [], (name, instance["id"])
        seen[name] = seen.get(name, 0) + 1
    assert {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
            "LegislativeTerm"} <= set(seen)


def test_oparl_references_resolve(oparl_view: dict[str, Any]) -> None:
    by_type: dict[str, dict[str, dict[str, Any]]] = {}
    for instance in oparl_objects({k: v for k, v in oparl_view.items() if k != "lists"}):
        kind = instance["type"][len(OPARL):]
        known = by_type.setdefault(kind, {})
        # An embedded object is the same object as the listed one with its id.
        assert known.get(instance["id"], instance) == instance, instance["id"]
        known[instance["id"]] = instance
    organizations, persons = by_type["Organization"], by_type["Person"]
    meetings, memberships = by_type["Meeting"], by_type["Membership"]
    for membership in memberships.values():
        assert membership["person"] in persons and membership["organization"] in organizations
    for organization in organizations.values():
        assert organization.get("body", next(iter(by_type["Body"]))) in by_type["Body"]
        assert organization.get("subOrganizationOf", organization["id"]) in organizations
        assert set(organization.get("membership", [])) <= set(memberships)
    for meeting in meetings.values():
        assert meeting["organization"] and set(meeting["organization"]) <= set(organizations)
        assert set(meeting.get("participant", [])) <= set(persons)
        for item in meeting.get("agendaItem", []):
            assert item["meeting"] == meeting["id"]
    every_id = {i for objects in by_type.values() for i in objects}
    lists = oparl_view["lists"]
    assert oparl_view["system"]["body"] in lists
    for body in by_type["Body"].values():
        for key in ("organization", "person", "meeting", "paper", "membership", "agendaItem"):
            assert body[key] in lists
        assert body["mainOrganization"] in organizations
    for url, members in lists.items():
        assert url.startswith(OPARL_BASE)
        assert set(members) <= every_id, url
    assert all(i.startswith(OPARL_BASE) for i in every_id)


def test_oparl_says_what_the_documents_say(oparl_view: dict[str, Any]) -> None:
    bodies = {b["name"]: b for b in oparl_view["body"]}
    assert {"KD-Net", "KKR Midtjylland"} <= set(bodies)
    kd_net = bodies["KD-Net"]
    assert kd_net["web"] == DATA + "body/kd-net"
    organizations = {o["web"]: o for o in oparl_view["organization"]}
    group = organizations[DATA + "body/uddannelsesstyregruppen"]
    assert group["subOrganizationOf"] == organizations[DATA + "body/kd-net"]["id"]
    assert group["body"] == kd_net["id"]
    assert group["id"] in oparl_view["lists"][kd_net["organization"]]
    assert organizations[DATA + "municipality/0751"]["classification"] == "kommune"
    meetings = {m["web"]: m for m in oparl_view["meeting"]}
    minutes = meetings[DATA + "meeting/kd-net--2020-05-29"]
    assert minutes["organization"] == [organizations[DATA + "body/kd-net"]["id"]]
    assert minutes["start"] == "2020-05-29T10:00:00+02:00"  # "kl. 10.00 – 13.00", summer time
    assert minutes["end"] == "2020-05-29T13:00:00+02:00"
    numbers = [i.get("number") for i in minutes["agendaItem"]]
    assert numbers[:3] == ["1", "2", "3"]
    assert [i["order"] for i in minutes["agendaItem"]] == sorted(
        i["order"] for i in minutes["agendaItem"]
    )
    assert any(i.get("result") == "godkendt" for i in minutes["agendaItem"])
    undated = [m for m in oparl_view["meeting"] if "start" not in m]
    assert undated, "a meeting whose time no document states has no start"
    terms = oparl_view["legislativeTerm"]
    assert terms and all("startDate" in t for t in terms)


def test_the_views_are_deterministic_json(seeds_store: EmbeddedStore) -> None:
    first = json.dumps([popolo(seeds_store, POPOLO_BASE), oparl(seeds_store, OPARL_BASE)])
    second = json.dumps([popolo(seeds_store, POPOLO_BASE), oparl(seeds_store, OPARL_BASE)])
    assert first == second


def test_a_view_needs_an_http_base() -> None:
    with pytest.raises(ValueError, match="http"):
        oparl(EmbeddedStore(None), "oparl/")


def test_an_empty_store_gives_empty_views() -> None:
    empty = EmbeddedStore(None)
    assert popolo(empty, POPOLO_BASE) == {
        "persons": [], "organizations": [], "memberships": [], "posts": []
    }
    view = oparl(empty, OPARL_BASE)
    assert view["body"] == [] and view["lists"] == {OPARL_BASE + "body": []}
    assert errors_of(oparl_validator("System"), view["system"]) == []


def test_the_schemas_are_read_from_the_shared_folder() -> None:
    beside_the_repo = Path(__file__).resolve().parents[2] / "shared" / "schemas"
    assert SCHEMAS.resolve() == beside_the_repo.resolve()
    assert not list(Path(__file__).resolve().parents[1].rglob("Membership.json"))


def test_the_views_are_served_and_exported(tmp_path: Path) -> None:
    """/popolo.json and /oparl/ over HTTP, and `export --format popolo|oparl`."""
    from click.testing import CliRunner

    from api import create_app
    from kommunegraf.cli import main

    store_path = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["--store", str(store_path), "build", str(SEEDS)]).exit_code == 0
    out = tmp_path / "popolo.json"
    result = runner.invoke(main, ["--store", str(store_path), "export", "--format", "popolo",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = {p["name"] for p in json.loads(out.read_text(encoding="utf-8"))["persons"]}
    assert "Pernille Blach Hansen" in names
    app = create_app(load_config({"store": str(store_path)}, environ={}))
    client = app.test_client()
    assert "persons" in client.get("/popolo.json").get_json()
    system = client.get("/oparl/").get_json()
    assert system["type"].endswith("/System")
    bodies = client.get(system["body"].replace("http://localhost", "")).get_json()
    assert bodies["pagination"]["totalElements"] == len(bodies["data"]) > 0
    assert client.get("/oparl/person/nobody").status_code == 404
