"""Staff commands: flask --app wsgi init-db, seed-demo, import, publish, create-staff, backup."""

from __future__ import annotations

import sys

import click
from alembic.runtime.migration import MigrationContext
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext
from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from .extensions import db
from .imports import ImportAborted, import_kinds, run_import, write_failure
from .models import Procedure


def schema_revision() -> str | None:
    """The migration the database is at; None when it has no schema yet."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def init_db() -> tuple[str | None, str | None]:
    """Create or upgrade the schema to the latest migration; return the revisions before/after."""
    before = schema_revision()
    upgrade(directory=current_app.extensions["migrate"].directory)
    return before, schema_revision()


def init_db_message(before: str | None, after: str | None) -> str:
    """Say what init-db did: created, upgraded, or found nothing to do."""
    if before is None:
        return f"created the database schema (revision {after})"
    if before != after:
        return f"upgraded the database schema from revision {before} to {after}"
    return f"the database schema is up to date (revision {after})"


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database schema (idempotent)."""
    click.echo(init_db_message(*init_db()))


class RegisteredKind(click.Choice):
    """The import kinds the application registered (portal.imports.register_kinds): read from
    the registry when the command line is read or its usage shown, never listed here."""

    def __init__(self) -> None:  # no fixed choices: see registered()
        self.case_sensitive = True

    @staticmethod
    def registered(ctx: click.Context | None) -> tuple[str, ...]:
        if current_app:
            return tuple(import_kinds())
        script = ctx.find_object(ScriptInfo) if ctx else None
        return tuple(script.load_app().extensions["import_kinds"]) if script else ()

    @property
    def choices(self) -> tuple[str, ...]:
        return self.registered(click.get_current_context(silent=True))

    def _normalized_mapping(self, ctx: click.Context | None = None) -> dict[str, str]:
        # Every message that names the choices (usage, missing, invalid) reads them here,
        # with the command's context even after it has closed.
        return {kind: self.normalize_choice(kind, ctx) for kind in self.registered(ctx)}


@click.command("import")
@click.argument("kind", type=RegisteredKind())
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--strict", is_flag=True, help="Import nothing when any row is bad.")
@with_appcontext
def import_command(kind, file, strict):
    """Import a CSV file of KIND, one of the import kinds the portal registers."""
    kinds = import_kinds()
    try:
        stream = click.open_file(file, "rb")
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror}") from None
    with stream:
        try:
            result = run_import(
                kinds[kind](db.session), stream, strict=strict, on_error=click.echo, aside=True
            )
        except (ImportAborted, OperationalError) as error:
            aborted = error if isinstance(error, ImportAborted) else write_failure(error)
            if aborted is None:
                raise
            click.echo(f"error: {aborted}", err=True)
            click.echo("inserted 0, updated 0, unchanged 0, rejected 0")
            sys.exit(1)
    if strict and result.rejected:
        click.echo("nothing imported (--strict): the file has rejected rows", err=True)
    click.echo(result.summary)
    sys.exit(1 if result.rejected else 0)


@click.command("seed-demo")
@click.option("--dossiers", default=None, type=int, help="How many dossiers to generate.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalogue has procedures.")
@with_appcontext
def seed_demo_command(dossiers, if_empty):
    """Load realistic demo data and publish its past months."""
    from .demo import seed_demo

    init_db()
    if if_empty and db.session.scalar(select(func.count()).select_from(Procedure)):
        click.echo("the database already has data: demo data not loaded")
        return
    seed_demo(dossiers=dossiers, echo=click.echo)


def init_app(app: Flask) -> None:
    from .stats.publish import publish_command

    for command in (init_db_command, import_command, seed_demo_command):
        app.cli.add_command(command)
    from .staff.commands import COMMANDS as staff_commands

    for command in staff_commands:
        app.cli.add_command(command)
    app.cli.add_command(publish_command)
    from .alerts.commands import send_alerts_command

    app.cli.add_command(send_alerts_command)
