#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media directory.
#
#   DATABASE_URL=postgres://user@host:5432/renstra_new MEDIA_ROOT=/srv/renstra/media \
#     scripts/restore.sh /var/backups/renstra/renstra-20261128T010000Z
#
# Checks the backup's SHA256SUMS first, restores the dump in one transaction (all or
# nothing) and unpacks the media. Refuses a database that already has tables or a media
# directory that is not empty. Afterwards run `manage.py migrate` (a no-op for a dump of
# the same version) and `manage.py audit_verify`. Docs: docs/deploy.md.
set -euo pipefail

backup="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the (empty) PostgreSQL database}"
base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
media_root="${MEDIA_ROOT:-$base_dir/var/media}"

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

tables="$(psql "$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [[ "$tables" != "0" ]]; then
  echo "restore.sh: the database already has $tables tables; restore into an empty one" >&2
  exit 2
fi
if [[ -f "$backup/media.tar" && -d "$media_root" ]] && [[ -n "$(ls -A "$media_root")" ]]; then
  echo "restore.sh: $media_root is not empty" >&2
  exit 2
fi

pg_restore --no-owner --no-acl --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$backup/db.dump"

if [[ -f "$backup/media.tar" ]]; then
  mkdir -p "$media_root"
  tar --extract --file="$backup/media.tar" --directory="$media_root"
fi
echo "restored $backup"
