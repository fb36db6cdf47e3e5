"""Staff commands: create-staff EMAIL --role ROLE, and backup PATH."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from flask_babel import force_locale

from .. import clock
from ..extensions import db
from ..models import ROLES, StaffUser
from . import auth, backup, sessions, twofactor
from .audit import record


def _read_password() -> str:
    """The first line of stdin when it is not a terminal, else a hidden prompt, confirmed."""
    stream = sys.stdin
    if not stream.isatty():
        return stream.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-staff")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES),
    help="editor (catalogue), publisher (imports, publishing) or admin (everything).",
)
@with_appcontext
def create_staff_command(email, role):
    """Create a staff account, or set an existing one's password and role.

    The password is read from the first line of stdin, or asked for twice at a hidden prompt.
    """
    email = auth.normalize_email(email)
    if "@" not in email or any(c.isspace() for c in email):
        raise click.ClickException(f"not an email address: {email!r}")
    password = _read_password()
    try:
        password_hash = auth.hash_password(password, [email])
    except auth.WeakPassword as error:
        with force_locale("en"):  # the command speaks English, as all the commands do
            click.echo(f"error: {error.message}; nothing was changed", err=True)
        sys.exit(1)
    from .accounts import account_summary

    user = auth.find_user(email)
    if user is None:
        user = StaffUser(
            email=email, role=role, active=True, password_hash=password_hash, created_at=clock.now()
        )
        db.session.add(user)
        record("staff.create", "staff_user", email, after=account_summary(user), actor="cli")
        message = f"created {role} {email}"
        if twofactor.required(user):
            message += " (two-step verification is set up at the first sign-in)"
    else:
        before = account_summary(user)
        user.password_hash, user.role, user.active = password_hash, role, True
        sessions.end_all(user)  # a new password ends every session of the account
        record(
            "staff.update",
            "staff_user",
            email,
            before=before,
            after={**account_summary(user), "password": "changed"},
            actor="cli",
        )
        message = f"updated {email}: role {role}, new password"
    db.session.commit()
    click.echo(message)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path):
    """Write a consistent copy of the database to PATH while the site keeps running.

    SQLite: the online backup API. PostgreSQL: pg_dump (custom format), when on PATH.
    """
    try:
        message = backup.backup(db.engine, path)
    except backup.BackupError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(message)


COMMANDS = (create_staff_command, backup_command)
