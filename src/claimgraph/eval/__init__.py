"""Evaluations against public gold data. Each module exposes ``evaluate(...) -> dict`` and a
click ``command``; data is read from settings.benchmarks_dir (env CLAIMGRAPH_BENCHMARKS) and a
missing folder raises BenchmarkDataMissing, which the command turns into a skip message.

Floors (scores that may only go up) live in ``tests/floors/<name>.json`` and are checked by
tests/test_eval_floors_*.py.
"""
