"""JSON views for systems that do not speak RDF: Popolo (/popolo.json) and OParl 1.1 (/oparl/).

Both are built by :mod:`kommunegraf.interop` from the store and cached until it changes.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from api import db
from kommunegraf.interop import oparl, popolo

bp = Blueprint("interop", __name__)
OPARL_LISTS = ("body", "organization", "person", "membership", "meeting", "agendaItem",
               "legislativeTerm")


@bp.get("/popolo.json")
def popolo_json() -> Response:
    base = request.url_root + "popolo/"
    return jsonify(db.cached(f"popolo {base}", lambda store: popolo(store, base)))


def _oparl_index(base: str) -> dict[str, Any]:
    """Every OParl object by its URL, and the lists, for lookups by path."""

    def build(store: Any) -> dict[str, Any]:
        view = oparl(store, base)
        objects = {view["system"]["id"]: view["system"]}
        for kind in OPARL_LISTS:
            for item in view[kind]:
                objects[item["id"]] = item
        return {"objects": objects, "lists": view["lists"]}

    index: dict[str, Any] = db.cached(f"oparl {base}", build)
    return index


@bp.get("/oparl/")
@bp.get("/oparl/<path:path>")
def oparl_object(path: str = "") -> Response:
    """An OParl object by its URL, or an external list as {data, pagination, links}."""
    base = request.url_root + "oparl/"
    index = _oparl_index(base)
    url = base + path
    if url in index["objects"]:
        return jsonify(index["objects"][url])
    if url in index["lists"]:
        data = [index["objects"][i] for i in index["lists"][url] if i in index["objects"]]
        return jsonify({"data": data,
                        "pagination": {"totalElements": len(data), "elementsPerPage": len(data),
                                       "currentPage": 1, "totalPages": 1},
                        "links": {}})
    abort(404)
