"""the rollup journal: dossiers changed since the last rollup refresh, kept by triggers

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 04:30:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

# The dossier columns the rollup counts by; a change to any other column is not journaled.
COUNTED = (
    "agency_id",
    "channel",
    "return_channel",
    "status",
    "four_on_site",
    "received_day",
    "due_day",
    "finished_day",
    "saved_seconds",
)
NAMES = ", ".join(COUNTED)


def _sqlite_triggers():
    old = ", ".join(f"OLD.{c}" for c in COUNTED)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COUNTED)
    insert = f"INSERT INTO rollup_journal (dossier_id, present, {NAMES}) VALUES (OLD.id, 1, {old});"
    op.execute(
        f"CREATE TRIGGER rollup_journal_update AFTER UPDATE ON dossier "
        f"WHEN {changed} BEGIN {insert} END"
    )
    op.execute(f"CREATE TRIGGER rollup_journal_delete AFTER DELETE ON dossier BEGIN {insert} END")


def _postgresql_triggers():
    old = ", ".join(f"o.{c}" for c in COUNTED)
    new = ", ".join(f"n.{c}" for c in COUNTED)
    bodies = {
        "insert": "INSERT INTO rollup_journal (dossier_id, present) SELECT id, false FROM new_rows",
        "update": (
            f"INSERT INTO rollup_journal (dossier_id, present, {NAMES}) "
            f"SELECT o.id, true, {old} FROM old_rows o JOIN new_rows n ON n.id = o.id "
            f"WHERE ({old}) IS DISTINCT FROM ({new})"
        ),
        "delete": (
            f"INSERT INTO rollup_journal (dossier_id, present, {NAMES}) "
            f"SELECT o.id, true, {old} FROM old_rows o"
        ),
    }
    tables = {
        "insert": "NEW TABLE AS new_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
    }
    for event, body in bodies.items():
        op.execute(
            f"CREATE FUNCTION rollup_journal_{event}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER rollup_journal_{event} AFTER {event.upper()} ON dossier "
            f"REFERENCING {tables[event]} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION rollup_journal_{event}()"
        )


def upgrade():
    op.create_table(
        "rollup_journal",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=True),
        sa.Column("return_channel", sa.String(length=8), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=True),
        sa.Column("four_on_site", sa.Boolean(), nullable=True),
        sa.Column("received_day", sa.Integer(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("finished_day", sa.Integer(), nullable=True),
        sa.Column("saved_seconds", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_rollup_journal_dossier_id", "rollup_journal", ["dossier_id"])
    op.create_table(
        "rollup_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER rollup_journal_{event} ON dossier")
            op.execute(f"DROP FUNCTION rollup_journal_{event}()")
    else:
        op.execute("DROP TRIGGER rollup_journal_update")
        op.execute("DROP TRIGGER rollup_journal_delete")
    op.drop_table("rollup_mark")
    op.drop_index("ix_rollup_journal_dossier_id", table_name="rollup_journal")
    op.drop_table("rollup_journal")
