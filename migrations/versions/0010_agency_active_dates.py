"""agencies: active_from, active_to, successor_code (units that change, CONTRACT §5)

Revision ID: 0010
Revises: 0002
Create Date: 2026-12-01 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('active_to', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('successor_code', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('successor_code')
        batch_op.drop_column('active_to')
        batch_op.drop_column('active_from')
