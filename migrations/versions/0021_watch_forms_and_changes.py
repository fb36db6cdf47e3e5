"""the search version stamp also moves with a procedure's forms and its list of changes, so
that the public pages kept rendered per catalogue version show them at once (issue 15)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 04:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

# The procedure page lists its forms and its last change; the changes page and feed list the
# changes. Both tables join the ones migration 0013 watches (same triggers, same function).
WATCHED = ("procedure_form", "procedure_change")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_search_state AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION search_state_bump()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_search_state_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION search_state_bump()"
            )
        return
    for table in WATCHED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_search_state_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE search_state SET version = version + 1; END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state_truncate ON {table}")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state_{event}")
