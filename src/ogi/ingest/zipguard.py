"""A DOCX (zip) checked before it is opened: how much its members expand to.

Python's zipfile never reads more than a member's declared size (and checks its CRC), so the
declared sizes bound what python-docx will hold; a zip bomb is refused from its directory.
"""

from __future__ import annotations

import io
import zipfile

from ..document import IngestError
from .limits import bounds, human, limit_error


def check_zip(data: bytes) -> IngestError | None:
    """Why this zip must not be expanded, or None (also for a damaged zip: the reader says so)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    z = bounds()["zip"]
    if len(members) > z["max_members"]:
        return limit_error("zip_members", f"{len(members):,}", f"{z['max_members']:,}")
    bound = z["expanded_floor"] + z["expanded_per_file_byte"] * len(data)
    total = sum(m.file_size for m in members)
    if total > bound:
        return limit_error("zip_bomb", human(total), human(bound))
    for m in members:
        if m.file_size > z["member_ratio_min_bytes"] and m.file_size > z["member_ratio"] * max(m.compress_size, 1):
            return limit_error(
                "zip_bomb", f"{m.filename}: {human(m.file_size)} ← {human(m.compress_size)}", f"{z['member_ratio']}×"
            )
    return None
