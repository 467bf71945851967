# shellcheck shell=bash
# Helpers every part of ./vigil uses: messages and failing, processes and ports, HTTP checks, finding a JDK, stopping
# by PID, waiting for a condition, Maven in batch mode.
# Sourced by ./vigil, which sets VIGIL_HOME and the settings; not run on its own.

say() { printf '%s\n' "$*"; }
die() { printf 'vigil: %s\n' "$*" >&2; exit 1; }

alive() { # a zombie (killed, not yet reaped) counts as dead
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null)" != Z ]
}
pid_of() { [ -s "$1" ] && cat "$1" || true; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
listener() { # "name",pid=N of the process listening on 127.0.0.1 port $1
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -n 1
}
apt_install() { # log file, packages...: Debian's packages, when this is root with apt-get (returns 1 when it is not)
  local logfile=$1; shift
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  say "Installing from Debian's packages: $*..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@") \
    >"$logfile" 2>&1 || die "apt-get install $* failed; see $logfile"
}
require_free() { # port, what uses it, variable that moves it
  if port_busy "$1"; then
    die "port $1 ($2) is already in use${3:+ by $(listener "$1")}: stop that process or set $3 to another port"
  fi
}

curl_get() { # "status body" of GET URL, curl's options after it (a config, such as credentials, on standard input: -K -)
  local url=$1 answer code
  shift
  # The status goes last on its own line; no temporary file, so concurrent calls never share one.
  answer=$(curl -s -m 5 "$@" -w '\n%{http_code}' "$url" || true)
  code=${answer##*$'\n'}
  printf '%s %s' "${code:-000}" "${answer%$'\n'*}"
}

# HTTP GET printing "<status> <body>"; curl where there is one, else bash's /dev/tcp (plain HTTP only).
http_get() {
  local url=$1
  if command -v curl >/dev/null; then
    # HTTPS (the HTTP input with VIGIL_HTTP_SCHEME=https): the certificate is checked against VIGIL_TLS_CA, or the
    # self-signed one ./vigil run made.
    local tls=() ca=${VIGIL_TLS_CA:-$VIGIL_VAR/tls/vigil.pem}
    [[ $url == https://* ]] && tls=(--cacert "$ca")
    # A listener that wants client certificates (mTLS) is checked with VIGIL_TLS_CLIENT_CERT (PKCS12).
    [[ $url == https://* ]] && [ -n "${VIGIL_TLS_CLIENT_CERT:-}" ] && tls+=(--cert "$VIGIL_TLS_CLIENT_CERT:${VIGIL_TLS_CLIENT_CERT_PASSWORD:-}" --cert-type P12)
    curl_get "$url" "${tls[@]}" </dev/null
    return
  fi
  [[ $url == https://* ]] && die "HTTPS needs curl: install it (apt-get install curl)"
  local rest=${url#http://} hostport path
  hostport=${rest%%/*} path=/${rest#*/}
  [ "$rest" = "$hostport" ] && path=/
  timeout 5 bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    IFS=" " read -r _ code _ <&3; while IFS= read -r line <&3 && [ "${line%$'"'\r'"'}" != "" ]; do :; done
    printf "%s %s" "$code" "$(cat <&3)"' _ "$hostport" "$path" 2>/dev/null || printf '000 '
}
http_ok() { local answer; answer=$(http_get "$1"); [ "${answer%% *}" = 200 ]; } # the status only: a pretty-printed body has lines of its own

java_major() { # major version of the java in JAVA_HOME $1
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}
# The first JDK with MIN <= major <= MAX: $2 if set, JAVA_HOME, the java on PATH, then /usr/lib/jvm and /opt.
find_java() {
  local min=$1 max=$2 preferred=${3:-} home major
  local path_java=""
  command -v java >/dev/null && path_java=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  for home in "$preferred" "${JAVA_HOME:-}" "$path_java" /usr/lib/jvm/* /opt/java/* /opt/*jdk*; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    major=$(java_major "$home")
    [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -le "$max" ] && { printf '%s' "$home"; return 0; }
  done
  return 1
}

stop_pid() { # pid, what, seconds to wait before SIGKILL; signals the whole process group when asked (group=1)
  local pid=$1 what=$2 wait=${3:-30} group=${4:-0} target
  alive "$pid" || return 0
  target=$pid; [ "$group" = 1 ] && target=-$pid
  kill -TERM -- "$target" 2>/dev/null || true
  # In a group, the leader (bin/karaf's shell) goes at once and its JVM only once it has shut down: wait for all.
  for _ in $(seq 1 $((wait * 5))); do
    if [ "$group" = 1 ]; then kill -0 -- "$target" 2>/dev/null || { say "stopped $what (pid $pid)"; return 0; }
    else alive "$pid" || { say "stopped $what (pid $pid)"; return 0; }; fi
    sleep 0.2
  done
  kill -KILL -- "$target" 2>/dev/null || true
  say "killed $what (pid $pid) after ${wait}s"
}

wait_until() { # seconds, description, log to name, command...: polls until the command succeeds
  local seconds=$1 what=$2 logfile=$3; shift 3
  local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$what did not become healthy within ${seconds} s; see $logfile"
    sleep 1
  done
}

maven() { # mvn in batch mode, output to a log that is shown on failure
  local logfile=$1; shift
  command -v mvn >/dev/null || die "Maven is missing: install it (apt-get install maven) and run again"
  if ! (cd "$VIGIL_HOME" && mvn -B "$@") >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "mvn $* failed; full log: $logfile"
  fi
}

build_if_missing() {
  [ -f "$KARAF_TARBALL" ] && return 0
  say "Building Vigil (first run: a few minutes; log in $LOG/build.log)..."
  maven "$LOG/build.log" install -DskipTests
}
