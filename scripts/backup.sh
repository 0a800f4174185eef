#!/usr/bin/env bash
# Back up Renstra: the PostgreSQL database (pg_dump, custom format) and the media files.
#
#   DATABASE_URL=postgres://user@host:5432/renstra MEDIA_ROOT=/srv/renstra/media \
#     scripts/backup.sh /var/backups/renstra
#
# Writes DEST/renstra-<UTC timestamp>/ with db.dump, media.tar (absent when media live in
# object storage: S3_BUCKET set) and SHA256SUMS, then prints that directory. The dump is
# taken in one snapshot (pg_dump's own transaction): plans, history and the audit chain are
# consistent with each other. Media are copied after the dump, so every file the dump names
# is in the copy (files are content-addressed and never rewritten). Docs: docs/deploy.md.
set -euo pipefail

dest_root="${1:?usage: scripts/backup.sh DEST_DIR}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL (SQLite: copy the file while stopped)" >&2; exit 2 ;;
esac
base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
media_root="${MEDIA_ROOT:-$base_dir/var/media}"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$dest_root/renstra-$stamp"
mkdir -p "$out"
umask 077

pg_dump --format=custom --no-owner --no-acl --compress=6 --file="$out/db.dump" "$DATABASE_URL"

if [[ -n "${S3_BUCKET:-}" ]]; then
  echo "media are in object storage (s3://$S3_BUCKET): use bucket versioning/replication" \
    > "$out/MEDIA-IN-OBJECT-STORAGE"
elif [[ -d "$media_root" ]]; then
  tar --create --file="$out/media.tar" --directory="$media_root" .
else
  tar --create --file="$out/media.tar" --files-from=/dev/null
fi

(cd "$out" && sha256sum -- * > SHA256SUMS)
echo "$out"
