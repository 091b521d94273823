"""Exceptions raised by claimgraph.

ClaimgraphError                  root: every error a user can cause
 +-- InputError                  an input that cannot be turned into a document
 |    +-- EmptyInputError        nothing but whitespace (or no article in the HTML)
 |    +-- BinaryInputError       bytes that are not text
 |    +-- EncodingError          text in an encoding that cannot be decoded
 |    +-- TooLargeError          larger than settings.max_input_bytes
 |    +-- UnsupportedLanguageError  text that is not English
 |    +-- MalformedInputError    broken HTML/JSON/WARC/feed records
 +-- ModelError                  the spaCy model is missing or cannot be loaded
 +-- StoreError                  the database cannot be opened or written
 +-- BenchmarkDataMissing        evaluation data not found (evaluations skip on it)
"""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Root of all errors a user can cause; the CLI prints these without a traceback."""


class InputError(ClaimgraphError):
    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLargeError(InputError):
    pass


class UnsupportedLanguageError(InputError):
    pass


class MalformedInputError(InputError):
    pass


class ModelError(ClaimgraphError):
    pass


class ExtractionError(ClaimgraphError):
    """A defect met while extracting one document (not the input's fault): the document is
    reported with the error and skipped, and the rest of the batch goes on."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)

    @classmethod
    def of(cls, exc: BaseException, source: str | None) -> ExtractionError:
        return cls(f"internal error while extracting ({type(exc).__name__}: {exc}); "
                   "please report it", source)  # fmt: skip


class StoreError(ClaimgraphError):
    pass


class BenchmarkDataMissing(ClaimgraphError):
    pass
