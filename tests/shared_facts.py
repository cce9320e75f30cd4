"""Where the project's shared facts are: in the folder beside the clone (../shared), or
where LMC_SHARED_DIR points. A clone without them skips the checks that need them, but
CI always has them, so there their absence is a failure."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir():
    return Path(os.environ.get("LMC_SHARED_DIR") or REPO_ROOT.parent / "shared")


def facts_file():
    return shared_dir() / "content" / "lmc_facts.md"


def seed_file():
    return shared_dir() / "seeds" / "000_1db4fccdb561c735.txt"


def read_shared(path):
    """The file's text. Absent: a skip on a developer's clone, a failure under CI=true."""
    if not path.exists():
        message = f"the shared facts are not beside this clone (looked for {path})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")
