"""late_explanation: an agency's explanation of its late dossiers in a month

Revision ID: 0018
Revises: 0010
Create Date: 2026-12-01 00:50:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'late_explanation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('text_vi', sa.Text(), nullable=False),
        sa.Column('text_en', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('agency_id', 'month', name='uq_late_explanation'),
    )


def downgrade():
    op.drop_table('late_explanation')
