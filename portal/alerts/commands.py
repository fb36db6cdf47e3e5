"""flask send-alerts: send the confirmations and status alerts that are due (CONTRACT §6)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from .. import clock
from .sender import mailer_from_config, send_due


@click.command("send-alerts")
@click.option("--limit", type=click.IntRange(min=1), help="Send at most this many messages.")
@with_appcontext
def send_alerts_command(limit):
    """Send the alerts and confirmations that are due; exit 1 when some could not go."""
    try:
        mailer = mailer_from_config()
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    report = send_due(mailer, clock.now, limit)
    click.echo(report.summary)
    if report.unavailable:
        click.echo(f"error: {report.unavailable}; the rest stays queued for the next run", err=True)
    sys.exit(0 if report.ok else 1)
