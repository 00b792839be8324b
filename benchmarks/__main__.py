"""``python -m benchmarks --sizes 100,1000``: the kommunegraf benchmark (see benchmarks/run.py)."""

import sys

from benchmarks.run import main

sys.exit(main())
