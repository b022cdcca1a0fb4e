"""Audit: a reason on every history row written by a path that has no signed-in editor (imports, commands).

The admin's rows name their editor (simple_history's request middleware). A write outside a request runs
inside `change_reason(...)`, and every history row it writes says which command or file it came from.
"""

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

_reason: ContextVar[str | None] = ContextVar("history_change_reason", default=None)


@contextmanager
def change_reason(reason: str) -> Iterator[None]:
    """Give every history row written inside the block this change reason (unless a save sets its own)."""
    token = _reason.set(reason[:100])  # the history table's column holds 100 characters
    try:
        yield
    finally:
        _reason.reset(token)


def command_reason(what: str) -> str:
    """A change reason for a management command: what ran and under which system account."""
    try:
        account = getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (some containers)
        account = "an unnamed account"
    return f"{what} (run by {account})"


@receiver(pre_create_historical_record)
def apply_change_reason(sender, history_instance, **kwargs) -> None:
    reason = _reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
