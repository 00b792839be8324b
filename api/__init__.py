"""The web API and entity browser of kommunegraf, as a Flask app factory.

One blueprint per concern: ``browse`` (home, search, lists, validation report), ``entities``
(``/id/<kind>/<slug>`` linked data and entity pages), ``sparql`` (the SPARQL 1.1 Protocol),
``export`` (dumps and VoID) and ``vocabulary`` (``/ontology``). The store is reached only
through :mod:`api.db`; nothing is opened or built at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kommunegraf.config import Config, load_config

if TYPE_CHECKING:  # Flask is imported when an app is built, not by the query workers
    from flask import Flask

    from kommunegraf.store import GraphStore

# Largest request body accepted (a SPARQL query or update sent by POST).
MAX_CONTENT_LENGTH = 1024 * 1024


def create_app(config: Config | None = None, store: GraphStore | None = None) -> Flask:
    """Build the app; with no ``store`` the configured one is opened on first use."""
    from flask import Flask

    from api import (
        browse,
        db,
        entities,
        errors,
        export,
        i18n,
        interop,
        presentation,
        sparql,
        vocabulary,
    )

    config = config or load_config()
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_CONTENT_LENGTH,
        JSON_SORT_KEYS=False,
        # Our error handlers render every error; never let a traceback reach a client.
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    db.init_app(app, config, store)
    i18n.init_app(app)
    presentation.init_app(app)
    errors.init_app(app)

    app.register_blueprint(browse.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(vocabulary.bp)
    app.register_blueprint(interop.bp)
    return app
