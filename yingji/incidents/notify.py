"""Who is told what, through the messaging channel layer. Called after commit; idempotent by dedupe key."""

from __future__ import annotations


def report_received(receipt_pk: int) -> None:
    """The duty officer and duty leader of the receiving level learn of a new report."""


def deadline_near(obligation_ids: list[int]) -> None:
    """The owner of each obligation is reminded before its deadline."""


def deadline_passed(obligation_ids: list[int]) -> None:
    """The owner, and the office head of the obliged level, learn of 迟报/漏报."""
