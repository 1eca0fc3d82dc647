# Sourced by bench/store-backends and bench/search-backends: a PostgreSQL in a directory of the
# caller's, on a Unix socket only, with the server's durable defaults. PostgreSQL refuses to run
# as root, so root runs it as Debian's postgres user.
#   temp_postgres_start DIR PORT   initdb, start, CREATE DATABASE bench; sets pgbin and pg_url
#   temp_postgres_stop DIR         stops it (for the caller's EXIT trap)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
as_pg=()
[ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)

temp_postgres_start() {
  local dir=$1 port=$2
  [ -x "$pgbin/pg_ctl" ] || { echo "PostgreSQL is missing; run scripts/setup --postgres" >&2; return 2; }
  mkdir -p "$dir"
  chmod 755 "$(dirname "$dir")"  # mktemp makes directories 0700: the postgres user must reach $dir
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  "${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -U rinsho -A trust -E UTF8 --locale=C >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-c listen_addresses='' -k $dir -p $port" -w start >/dev/null
  "${as_pg[@]}" "$pgbin/psql" -X -q -h "$dir" -p "$port" -U rinsho -d postgres -c "CREATE DATABASE bench"
  pg_url="postgresql://rinsho@/bench?host=$dir&port=$port"
}

temp_postgres_stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
}
