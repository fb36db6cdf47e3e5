"""status alerts (subscriptions, outbox, private feeds) and the catalogue's changes

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 01:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'alert_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('email_masked', sa.String(length=254), nullable=False),
        sa.Column('lang', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('token_nonce', sa.String(length=64), nullable=False),
        sa.Column('confirm_hash', sa.String(length=64), nullable=False),
        sa.Column('unsubscribe_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('confirm_hash'),
        sa.UniqueConstraint('unsubscribe_hash'),
    )
    op.create_index('ix_alert_subscription_dossier_id', 'alert_subscription', ['dossier_id'])
    op.create_table(
        'alert_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('change', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_by', sa.String(length=120), nullable=True),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['alert_subscription.id'], ondelete='SET NULL'
        ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_alert_outbox_subscription_id', 'alert_outbox', ['subscription_id'])
    op.create_index('ix_alert_outbox_due', 'alert_outbox', ['status', 'next_attempt_at'])
    op.create_table(
        'alert_feed',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_alert_feed_dossier_id', 'alert_feed', ['dossier_id'])
    op.create_table(
        'procedure_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('procedure_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('source', sa.String(length=8), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_procedure_change_at', 'procedure_change', ['at'])
    op.create_index('ix_procedure_change_procedure', 'procedure_change', ['procedure_id', 'at'])


def downgrade():
    op.drop_table('procedure_change')
    op.drop_table('alert_feed')
    op.drop_table('alert_outbox')
    op.drop_table('alert_subscription')
