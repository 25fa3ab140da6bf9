"""ogi: Open Government Information annual reports (政府信息公开工作年度报告) as verified data.

    >>> import ogi
    >>> report = ogi.extract("report.pdf")
    >>> report.cells["t2.new.total"], report.flags

The pipeline: `ingest` (any file -> text + table grids) -> `tables` (the 200 cells with
their spans) -> `checks` (sums and gaps, with evidence). Many reports at once:
`ogi.extract_corpus(paths)` -> `Corpus` (pandas tables; `ogi.corpus`).
"""

from .report import Report, extract

__version__ = "0.1.0"
__all__ = ["Report", "extract", "Corpus", "extract_corpus", "__version__"]


def __getattr__(name: str):
    # The corpus needs pandas and DuckDB: imported on first use, not by `import ogi`.
    if name in ("Corpus", "extract_corpus"):
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'ogi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
