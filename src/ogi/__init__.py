"""ogi: Open Government Information annual reports (政府信息公开工作年度报告) as verified data.

    >>> import ogi
    >>> report = ogi.extract("report.pdf")
    >>> report.cells["t2.new.total"], report.flags

The pipeline: `ingest` (any file -> text + table grids) -> `tables` (the 200 cells with
their spans) -> `checks` (sums and gaps, with evidence).
"""
from .report import Report, extract

__all__ = ["Report", "extract", "__version__"]
__version__ = "0.1.0"
