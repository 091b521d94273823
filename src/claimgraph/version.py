"""The package version, in a module of its own: the pipeline stamps records with it and the
package ``__init__`` imports the pipeline, so the version cannot live there without an
import cycle."""

__version__ = "0.3.0"
