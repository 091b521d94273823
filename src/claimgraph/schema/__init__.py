"""The versioned JSON schema of records (``claimgraph/1``) and a validator for it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from claimgraph.models import SCHEMA


@lru_cache(maxsize=1)
def record_schema() -> dict[str, Any]:
    name = SCHEMA.replace("/", "-") + ".schema.json"
    return json.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def span_errors(record: dict[str, Any]) -> list[str]:
    """Every object with start/end/text must quote ``record["text"]`` exactly."""
    text = record["text"]
    errors: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
                s, e = node["start"], node["end"]
                if not (0 <= s <= e <= len(text)) or text[s:e] != node["text"]:
                    errors.append(f"{path}: [{s}:{e}] {node['text']!r} != {text[s:e]!r}")
            for key, value in node.items():
                if key != "text" or not isinstance(value, str):
                    walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    for key, value in record.items():
        if key != "text":
            walk(value, key)
    return errors


def validate_record(record: dict[str, Any]) -> list[str]:
    """Schema violations and offset errors of a record dict (empty list: valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(record_schema())
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)
    ]
    return errors + span_errors(record)
