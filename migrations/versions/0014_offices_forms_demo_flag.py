"""where to file and what to bring: office addresses and hours, procedure forms, demo flag

Agencies gain an address and opening hours (optional agencies.csv columns) so a commune
procedure can send citizens to their own commune's one-stop desk; procedure_form holds the
blank forms staff attach to a procedure; site_flag records that seed-demo loaded the data (never set by an import).

Revision ID: 0014
Revises: 0018
Create Date: 2026-12-01 00:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hours_vi', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hours_en', sa.Text(), nullable=True))
    op.create_table(
        'procedure_form',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('procedure_form', schema=None) as batch_op:
        batch_op.create_index('ix_procedure_form_procedure', ['procedure_id'], unique=False)
    op.create_table(
        'site_flag',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade():
    op.drop_table('site_flag')
    with op.batch_alter_table('procedure_form', schema=None) as batch_op:
        batch_op.drop_index('ix_procedure_form_procedure')
    op.drop_table('procedure_form')
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('hours_en')
        batch_op.drop_column('hours_vi')
        batch_op.drop_column('address')
