"""search: procedures' yearly dossiers, the staff dictionary, the search log's searches and
opened results, and the version stamp that tells every worker the search data changed

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-01 01:00:00

"""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0015'
branch_labels = None
depends_on = None

# Tables whose changes alter what a search finds or how it ranks.
WATCHED = ("procedure", "agency", "search_term")


def upgrade():
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('yearly_dossiers', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('searches', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('opened', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE search_log SET searches = count")
    op.create_table('search_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('term_text', sa.String(length=200), nullable=False),
    sa.Column('meaning', sa.String(length=500), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('term')
    )
    since = datetime.now(timezone(timedelta(hours=7))).date() - timedelta(days=365)
    op.execute(
        "UPDATE procedure SET yearly_dossiers = (SELECT count(*) FROM dossier "
        "WHERE dossier.procedure_id = procedure.id "
        f"AND dossier.received_day >= {since.year * 10000 + since.month * 100 + since.day})"
    )
    create_search_stamp()


def downgrade():
    drop_search_stamp()
    op.drop_table('search_term')
    with op.batch_alter_table('search_log', schema=None) as batch_op:
        batch_op.drop_column('opened')
        batch_op.drop_column('searches')
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('yearly_dossiers')


# One row counting the changes to the watched tables, kept by triggers so that no writer can
# forget it: each worker compares it with the version its search caches were built from.
# In PostgreSQL the count moves once per transaction, at commit time (a deferred trigger), so
# the row is locked only at the very end and two writers cannot deadlock over it.
def create_search_stamp():
    op.execute("CREATE TABLE search_state (id INTEGER PRIMARY KEY, version BIGINT NOT NULL, "
               "txid BIGINT)")
    op.execute("INSERT INTO search_state (id, version) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION search_state_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE search_state SET version = version + 1, txid = txid_current() "
            "WHERE txid IS DISTINCT FROM txid_current(); RETURN NULL; END $$"
        )
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


def drop_search_stamp():
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS search_state_bump()")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_search_state_{event}")
    op.execute("DROP TABLE search_state")
