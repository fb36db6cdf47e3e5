#!/bin/sh
# A consistent backup of the portal's database while the site runs, then old ones pruned.
# Run by portal-backup.service (daily, portal-backup.timer); the settings come from
# /etc/portal/portal.env: DATABASE_URL, BACKUP_DIR, BACKUP_KEEP_DAYS.
set -eu
cd "$(dirname "$0")/.."

BACKUP_DIR="${BACKUP_DIR:-/var/backups/portal}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
FLASK="${FLASK:-.venv/bin/flask}"

case "${DATABASE_URL:-sqlite}" in
  postgresql*) extension=dump ;;   # pg_dump --format=custom: restore with pg_restore
  *) extension=sqlite3 ;;          # one self-contained SQLite file
esac
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/portal-$(date +%Y%m%d-%H%M%S).$extension"

"$FLASK" --app wsgi backup "$target"
# Keep BACKUP_KEEP_DAYS days, and never delete the one just made.
find "$BACKUP_DIR" -maxdepth 1 -name 'portal-*' -type f -mtime "+$BACKUP_KEEP_DAYS" \
  ! -path "$target" -delete
echo "backup written: $target"
