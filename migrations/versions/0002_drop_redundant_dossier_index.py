"""drop ix_dossier_procedure_id: ix_dossier_procedure_finished starts with the same column

Every look-up by procedure_id alone is served by ix_dossier_procedure_finished
(procedure_id, finished_day); the single-column index only made each dossier insert dearer.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 06:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_dossier_procedure_id', table_name='dossier')


def downgrade():
    op.create_index('ix_dossier_procedure_id', 'dossier', ['procedure_id'], unique=False)
