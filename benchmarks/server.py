"""Serve ``api.create_app`` with waitress on 127.0.0.1 for the HTTP benchmark.

``python -m benchmarks.server STORE PORT_FILE [PAGE_CACHE_MB]`` opens the embedded store,
binds an unused port on 127.0.0.1 only, writes the port to PORT_FILE and serves until it is
terminated. Like ``kommunegraf serve``: waitress with as many threads, /sparql's worker processes,
and the default page cache
unless PAGE_CACHE_MB says otherwise (0: every request renders its page).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    store_dir, port_file, *page_cache_mb = argv
    import waitress

    from api import create_app, db
    from benchmarks.measure import _config
    from kommunegraf.store import EmbeddedStore

    store = EmbeddedStore(Path(store_dir))
    app = create_app(_config(store_dir, *(int(mb) for mb in page_cache_mb)), store=store)
    server = waitress.create_server(
        app, host="127.0.0.1", port=0, threads=db.SERVER_THREADS, ident="kommunegraf-benchmark"
    )
    port = server.effective_port
    Path(port_file).write_text(str(port), encoding="utf-8")
    try:
        server.run()
    finally:
        db.close(app)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
