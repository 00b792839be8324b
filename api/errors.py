"""Errors as HTML or JSON pages without tracebacks, and the headers every response carries."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, NotAcceptable

from kommunegraf.errors import ConfigError, KommunegrafError, QueryError, StoreError
from kommunegraf.formats import UnknownFormat

log = logging.getLogger("api")

# No script at all: the pages work without JavaScript. Styles only from our own stylesheet.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
EXPOSED = "Link, X-Result-Truncated, X-SPARQL-MaxRows, Content-Disposition"


def wants_html() -> bool:
    """Whether the client reads HTML (a browser) rather than JSON (a program)."""
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html" and bool(accept)


def error_response(status: int, title: str, message: str) -> Response:
    if wants_html():
        try:
            html = render_template("error.html", title=title, code=status, message=message)
        except Exception:  # a broken template must not hide the original error
            log.exception("error page could not be rendered")
            html = f"<!doctype html><title>{status}</title><p>{status}</p>"
        response = Response(html, status=status, mimetype="text/html")
    else:
        response = jsonify({"error": status, "title": title, "message": message})
        response.status_code = status
    return response


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = error_response(status, error.name, error.description or error.name)
    if status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def _our_error(error: KommunegrafError) -> Response:
    if isinstance(error, QueryError):
        return _http_error(BadRequest(str(error)))
    if isinstance(error, UnknownFormat):
        return _http_error(NotAcceptable(str(error)))
    if isinstance(error, StoreError):
        log.error("store error: %s", error)
        return error_response(503, "Service Unavailable", str(error))
    if isinstance(error, ConfigError):
        log.error("configuration error: %s", error)
    return _unexpected(error)


def _unexpected(error: Exception) -> Response:
    log.error("unexpected error on %s %s", request.method, request.path, exc_info=error)
    return error_response(500, "Internal Server Error",
                          "Something went wrong on the server; the error has been logged.")


def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(KommunegrafError, _our_error)
    app.register_error_handler(Exception, _unexpected)
    app.after_request(_headers)
