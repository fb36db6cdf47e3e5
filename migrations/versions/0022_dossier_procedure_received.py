"""dossier index (procedure_id, received_day): yearly_dossiers counted from the index alone

Each procedure's dossiers received in the last 12 months (procedure.yearly_dossiers,
recounted by every dossier import) are then counted from the index alone, over the last
year's dossiers, instead of reading every dossier of the procedure (issue 15: 48 s of an
import of 1,000 changed dossiers at 5,000,000 dossiers).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 05:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_dossier_procedure_received', 'dossier', ['procedure_id', 'received_day']
    )


def downgrade():
    op.drop_index('ix_dossier_procedure_received', table_name='dossier')
