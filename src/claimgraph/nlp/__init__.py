"""The one place that loads spaCy. Heavy imports stay inside functions."""

from claimgraph.nlp.model import (
    load_nlp,
    mask_ranges,
    model_name,
    parse,
    parse_pairs,
    pathological_runs,
    split_for_parser,
)

__all__ = [
    "load_nlp",
    "mask_ranges",
    "model_name",
    "parse",
    "parse_pairs",
    "pathological_runs",
    "split_for_parser",
]
