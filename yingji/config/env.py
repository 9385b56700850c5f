"""The one place that reads the environment.

Every setting that differs between machines comes from here, so a deployment can be read off
this file and README.md's configuration table.
"""

from pathlib import Path

import environ

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where the demo database, uploads and other mutable files live (YINGJI_DATA_DIR)."""
    path = Path(env.str("YINGJI_DATA_DIR", default="var")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
