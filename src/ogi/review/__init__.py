"""The review page: a report's text with every cell and fact highlighted, the tables rebuilt
from the parsed cells, and the flags linked to their evidence. Entry point: `render_review`."""

from .page import render_review

__all__ = ["render_review"]
