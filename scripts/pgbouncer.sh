#!/usr/bin/env bash
# Starts PgBouncer in transaction mode on 127.0.0.1:6432 in front of the PostgreSQL at
# 127.0.0.1:5432 (trust authentication on loopback), as a transaction pooler such as Supabase's
# would sit in front of production. It installs nothing (apt-get install -y pgbouncer) and does
# nothing when something on 6432 already answers a query.
#
# Its config, auth file, pid file and log are written to PGBOUNCER_RUN_DIR (default
# ${TMPDIR:-/tmp}/pgbouncer-6432), never to /etc. PgBouncer refuses to run as root: started by
# root, it drops to PGBOUNCER_USER (default postgres) with -u.
set -euo pipefail

listen_port=6432
server_host=127.0.0.1
server_port=5432
run_dir="${PGBOUNCER_RUN_DIR:-${TMPDIR:-/tmp}/pgbouncer-${listen_port}}"
run_as="${PGBOUNCER_USER:-postgres}"

# Bounded: a listener that accepts but never answers must not hang the caller.
answers() {
  PGCONNECT_TIMEOUT=3 timeout 10 psql -h 127.0.0.1 -p "$listen_port" -U postgres -d test -Atqc 'select 1' >/dev/null 2>&1
}

if answers; then
  echo "pgbouncer: 127.0.0.1:${listen_port} already answers; nothing to do"
  exit 0
fi

pgbouncer_bin="$(command -v pgbouncer || true)"
if [ -z "$pgbouncer_bin" ] && [ -x /usr/sbin/pgbouncer ]; then pgbouncer_bin=/usr/sbin/pgbouncer; fi
if [ -z "$pgbouncer_bin" ]; then
  echo "pgbouncer: not installed; install it with: apt-get install -y pgbouncer" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/${listen_port}") 2>/dev/null; then
  echo "pgbouncer: something listens on 127.0.0.1:${listen_port} but does not answer 'select 1' as postgres@test; stop it first" >&2
  echo "  (Debian's packaged service uses /etc/pgbouncer: service pgbouncer stop)" >&2
  exit 1
fi

mkdir -p "$run_dir"
user_option=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id "$run_as" >/dev/null 2>&1; then
    echo "pgbouncer: refuses to run as root and user '$run_as' does not exist; set PGBOUNCER_USER" >&2
    exit 1
  fi
  chown "$run_as" "$run_dir"
  user_option=(-u "$run_as")
fi

# A pid file left by a PgBouncer that is gone would stop the new one from starting.
if [ -f "$run_dir/pgbouncer.pid" ] && ! kill -0 "$(cat "$run_dir/pgbouncer.pid")" 2>/dev/null; then
  rm -f "$run_dir/pgbouncer.pid"
fi

# auth_type = trust checks no password, but the user must still be listed in the auth file.
cat >"$run_dir/userlist.txt" <<'EOF'
"postgres" ""
EOF

cat >"$run_dir/pgbouncer.ini" <<EOF
[databases]
test = host=${server_host} port=${server_port} dbname=test
postgres = host=${server_host} port=${server_port} dbname=postgres
; Any other database (the tests' throwaway databases) is reached on the same server.
* = host=${server_host} port=${server_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${listen_port}
unix_socket_dir =
auth_type = trust
auth_file = ${run_dir}/userlist.txt
admin_users = postgres
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
; node-postgres and psql may send these as startup parameters; a transaction pooler cannot keep them.
ignore_startup_parameters = extra_float_digits,options
logfile = ${run_dir}/pgbouncer.log
pidfile = ${run_dir}/pgbouncer.pid
EOF
chmod 644 "$run_dir/pgbouncer.ini" "$run_dir/userlist.txt"

"$pgbouncer_bin" -d "${user_option[@]}" "$run_dir/pgbouncer.ini"

for _ in $(seq 1 50); do
  if answers; then
    echo "pgbouncer: transaction pooler on 127.0.0.1:${listen_port} → ${server_host}:${server_port} (config and log in ${run_dir})"
    exit 0
  fi
  sleep 0.2
done
echo "pgbouncer: started but 127.0.0.1:${listen_port} does not answer; its log (${run_dir}/pgbouncer.log):" >&2
tail -n 20 "$run_dir/pgbouncer.log" >&2 || true
exit 1
