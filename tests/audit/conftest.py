"""Helpers for the audit tests: the sample files and quick access to one table's audit."""

from pathlib import Path

import pytest

from foiatrack.audit import TableAudit, audit_path

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


def audit_sample(name: str, **kwargs) -> list[TableAudit]:
    """Audit a file from datasets/."""
    return audit_path(str(DATASETS / name), **kwargs)


def roles_of(audit: TableAudit) -> dict[str, str]:
    return {column.name: column.role for column in audit.columns}


def flag_codes(audit: TableAudit) -> set[str]:
    return {flag.code for flag in audit.flags}


def column(audit: TableAudit, name: str):
    return next(c for c in audit.columns if c.name == name)


@pytest.fixture
def write_file(tmp_path):
    """write_file(name, bytes_or_text, encoding="utf-8") -> path as str."""

    def write(name: str, content, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return str(path)

    return write
