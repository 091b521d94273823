from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def nlp():
    from claimgraph.nlp import load_nlp

    return load_nlp()


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite tests/data/golden/*.expected.json from the current extractors "
        "(also: CLAIMGRAPH_REGEN_GOLDEN=1); review the diff before committing",
    )


@pytest.fixture(scope="session")
def regen_golden(request) -> bool:
    return bool(request.config.getoption("--regen-golden")) or os.environ.get(
        "CLAIMGRAPH_REGEN_GOLDEN", ""
    ) not in ("", "0")
