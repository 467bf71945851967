# shellcheck shell=bash
# The Vigil container: the Karaf assembly unpacked into VIGIL_VAR, its TLS material, started, watched until healthy and
# stopped by PID; './vigil run', 'stop' and 'status'.
# Sourced by ./vigil, which sets VIGIL_HOME and the settings; not run on its own.

# ---------------------------------------------------------------------------------------------- Karaf
KARAF_DIR() { printf '%s' "$VIGIL_VAR/karaf"; }
karaf_pid() { pid_of "$RUN/karaf.pid"; }
karaf_healthy() { http_ok "$HTTP_URL/status"; }
rest_healthy() { http_ok "$REST_URL/status"; }
karaf_rss_mb() { # resident memory of the container's JVM
  local pid; pid=$(karaf_pid)
  alive "$pid" || { printf 'null'; return; }
  ps -o rss=,comm= -g "$pid" 2>/dev/null | awk '$2 == "java" { kb += $1 } END { printf "%d", kb / 1024 }'
}

karaf_install() {
  local dir stamp
  dir=$(KARAF_DIR) stamp=$(stat -c %Y "$KARAF_TARBALL")
  if [ "$(cat "$dir/.vigil-tarball" 2>/dev/null)" != "$stamp" ]; then
    [ -d "$dir" ] && say "Installing the newly built distribution in $dir (its data/ starts afresh)"
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$KARAF_TARBALL" -C "$dir" --strip-components=1
    printf '%s' "$stamp" >"$dir/.vigil-tarball"
  fi
  # etc holds the shell's password and data the configuration with every secret resolved: this user's only.
  chmod 700 "$dir" && chmod -R go-rwx "$dir/etc" "$dir/data" 2>/dev/null || true
  # The console login: from VIGIL_ADMIN_PASSWORD, else generated once and kept readable by this user only.
  local password=${VIGIL_ADMIN_PASSWORD:-}
  if [ -z "$password" ]; then
    if [ ! -s "$VIGIL_VAR/admin-password" ]; then
      (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$VIGIL_VAR/admin-password")
    fi
    password=$(cat "$VIGIL_VAR/admin-password")
  fi
  # The REST API's users live outside the distribution, so a rebuild keeps them; the container hashes the clear
  # password written here when it reads the file.
  if [ ! -s "$VIGIL_USERS_FILE" ]; then
    (umask 077; mkdir -p "$(dirname "$VIGIL_USERS_FILE")"
     printf '# Vigil users: name = password, role (viewer, handler, admin). A clear password is hashed when read.\nadmin = %s, admin\n' \
       "$password" >"$VIGIL_USERS_FILE")
  fi
  tls_material
}

# The TLS listeners' key and certificate: VIGIL_TLS_KEYSTORE (PKCS12) and VIGIL_TLS_KEYSTORE_PASSWORD, else a
# self-signed certificate for localhost and 127.0.0.1 made at first start, kept in var/tls (this user only), its
# fingerprint printed so senders can pin it. Each listener's own VIGIL_<LISTENER>_KEYSTORE wins over both.
tls_material() {
  if [ -z "${VIGIL_TLS_KEYSTORE:-}" ]; then
    VIGIL_TLS_KEYSTORE="$VIGIL_VAR/tls/vigil.p12"
    if [ ! -s "$VIGIL_TLS_KEYSTORE" ] || [ ! -s "$VIGIL_VAR/tls/password" ]; then
      local java; java=$(find_java 17 99 "${VIGIL_KARAF_JAVA_HOME:-}") || die "keytool needs a Java 17 or newer"
      (umask 077; mkdir -p "$VIGIL_VAR/tls"; rm -f "$VIGIL_TLS_KEYSTORE" "$VIGIL_VAR/tls/trust.p12"
       head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$VIGIL_VAR/tls/password"
       "$java/bin/keytool" -genkeypair -alias vigil -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity 825 \
         -dname "CN=localhost, O=Vigil self-signed" -ext "san=dns:localhost,ip:127.0.0.1" -keystore "$VIGIL_TLS_KEYSTORE" \
         -storetype PKCS12 -storepass:file "$VIGIL_VAR/tls/password" >"$LOG/tls.log" 2>&1) ||
        die "keytool could not make a certificate; see $LOG/tls.log"
      # The certificate alone, as PEM for curl and senders, and as a truststore for Java clients (./vigil send).
      # The password from its file, never on a command line where any local user's ps reads it.
      "$java/bin/keytool" -exportcert -rfc -alias vigil -keystore "$VIGIL_TLS_KEYSTORE" -storepass:file "$VIGIL_VAR/tls/password" \
        -file "$VIGIL_VAR/tls/vigil.pem" >>"$LOG/tls.log" 2>&1 &&
        "$java/bin/keytool" -importcert -noprompt -alias vigil -file "$VIGIL_VAR/tls/vigil.pem" -keystore "$VIGIL_VAR/tls/trust.p12" \
          -storetype PKCS12 -storepass:file "$VIGIL_VAR/tls/password" >>"$LOG/tls.log" 2>&1 || die "keytool could not export the certificate; see $LOG/tls.log"
      say "Made a self-signed TLS certificate for localhost: $VIGIL_TLS_KEYSTORE ($VIGIL_VAR/tls/vigil.pem), SHA-256 fingerprint"
      say "  $("$java/bin/keytool" -list -v -keystore "$VIGIL_TLS_KEYSTORE" -storepass:file "$VIGIL_VAR/tls/password" | sed -n 's/^[[:space:]]*SHA256: //p' | head -n 1)"
    fi
    VIGIL_TLS_KEYSTORE_PASSWORD=$(cat "$VIGIL_VAR/tls/password")
  fi
  export VIGIL_TLS_KEYSTORE VIGIL_TLS_KEYSTORE_PASSWORD
  [ "$VIGIL_HTTP_SCHEME" = https ] && export VIGIL_HTTP_SSL_CONTEXT="#io.vigil.http.tls"
  [ "$VIGIL_REST_SCHEME" = https ] && export VIGIL_REST_SSL_CONTEXT="#io.vigil.rest.tls"
  export VIGIL_REST_KEYSTORE="${VIGIL_REST_KEYSTORE:-$VIGIL_TLS_KEYSTORE}"
  export VIGIL_REST_KEYSTORE_PASSWORD="${VIGIL_REST_KEYSTORE_PASSWORD:-$VIGIL_TLS_KEYSTORE_PASSWORD}"
  export VIGIL_HTTP_KEYSTORE="${VIGIL_HTTP_KEYSTORE:-$VIGIL_TLS_KEYSTORE}"
  export VIGIL_HTTP_KEYSTORE_PASSWORD="${VIGIL_HTTP_KEYSTORE_PASSWORD:-$VIGIL_TLS_KEYSTORE_PASSWORD}"
  export VIGIL_SYSLOG_KEYSTORE="${VIGIL_SYSLOG_KEYSTORE:-$VIGIL_TLS_KEYSTORE}"
  export VIGIL_SYSLOG_KEYSTORE_PASSWORD="${VIGIL_SYSLOG_KEYSTORE_PASSWORD:-$VIGIL_TLS_KEYSTORE_PASSWORD}"
}

karaf_ports_free() {
  require_free "$VIGIL_HTTP_PORT" "Vigil HTTP input" VIGIL_HTTP_PORT
  require_free "$VIGIL_REST_PORT" "Vigil REST API" VIGIL_REST_PORT
  require_free "$VIGIL_SSH_PORT" "Karaf SSH console" VIGIL_SSH_PORT
  require_free "$VIGIL_JMX_REGISTRY_PORT" "JMX registry" VIGIL_JMX_REGISTRY_PORT
  require_free "$VIGIL_JMX_SERVER_PORT" "JMX server" VIGIL_JMX_SERVER_PORT
}

karaf_start() {
  if alive "$(karaf_pid)"; then say "Vigil container already running (pid $(karaf_pid))"; return 0; fi
  karaf_ports_free
  local java
  java=$(find_java 17 21 "${VIGIL_KARAF_JAVA_HOME:-}") || die "Vigil's Karaf 4.4 needs Java 17 to 21 (its scripts pass a flag Java 24+ rejects) and none was found: install a JDK 17 or set VIGIL_KARAF_JAVA_HOME"
  karaf_install
  say "Starting Vigil on Karaf (Java $(java_major "$java"), routes from $VIGIL_HOME/routes)..."
  export VIGIL_ROUTES_DIR="${VIGIL_ROUTES_DIR:-$VIGIL_HOME/routes}"
  # setsid: the container gets its own process group, so stop reaches bin/karaf and its JVM together.
  # umask 077: what the container writes (the configuration cache with resolved secrets, logs) is this user's only.
  (cd "$(KARAF_DIR)" && umask 077 && JAVA_HOME="$java" exec setsid bin/karaf server </dev/null >>"$LOG/karaf-console.log" 2>&1) &
  printf '%s' "$!" >"$RUN/karaf.pid"
  local log; log="$(KARAF_DIR)/data/log/karaf.log"
  wait_until "$VIGIL_START_TIMEOUT" "Vigil (Karaf)" "$log and $LOG/karaf-console.log" karaf_up_or_dead
  # The REST API is a route file too: waited for when the routes hold it (an integrator may have removed it).
  [ -f "$VIGIL_ROUTES_DIR/rest.xml" ] && wait_until 60 "Vigil's REST API ($REST_URL)" "$log" rest_healthy
  say "Vigil healthy (pid $(karaf_pid), $(karaf_rss_mb) MB resident)"
}

karaf_up_or_dead() { # stops the wait early when the container has died
  alive "$(karaf_pid)" || die "the Vigil container exited while starting; see $(KARAF_DIR)/data/log/karaf.log and $LOG/karaf-console.log"
  karaf_healthy
}

karaf_stop() { stop_pid "$(karaf_pid)" "Vigil container" 60 1; rm -f "$RUN/karaf.pid"; }

# ---------------------------------------------------------------------------------------------- commands
cmd_run() {
  local started; started=$(date +%s)
  if alive "$(karaf_pid)"; then
    die "Vigil is already running (container pid $(karaf_pid)$(alive "$(es_pid)" && printf ', Elasticsearch pid %s' "$(es_pid)")): see ./vigil status, or ./vigil stop first"
  fi
  # Every port is checked before anything starts, so a clash leaves nothing half-started behind.
  karaf_ports_free
  [ -n "$ES_EXTERNAL" ] || alive "$(es_pid)" || es_ports_free
  build_if_missing
  es_start
  karaf_start
  printf '%s' "$(( $(date +%s) - started ))" >"$RUN/last-start-seconds"
  cat <<EOF

Vigil is up (started in $(cat "$RUN/last-start-seconds") s).
  HTTP input     $HTTP_URL/  (bound to $VIGIL_HTTP_HOST; try curl $([ "$VIGIL_HTTP_SCHEME" = https ] && printf -- '--cacert %s ' "${VIGIL_TLS_CA:-$VIGIL_VAR/tls/vigil.pem}")$HTTP_URL/status)
  Web console    $REST_URL/ui/  (user admin, password: ${VIGIL_ADMIN_PASSWORD:+\$VIGIL_ADMIN_PASSWORD}${VIGIL_ADMIN_PASSWORD:-in $VIGIL_VAR/admin-password}; more users in $VIGIL_USERS_FILE)
  REST API       $REST_URL/api/openapi.json  (the same users, HTTP Basic)
  Elasticsearch  $VIGIL_ES_URL
  Karaf shell    ssh -p $VIGIL_SSH_PORT admin@127.0.0.1  (password: ${VIGIL_ADMIN_PASSWORD:+\$VIGIL_ADMIN_PASSWORD}${VIGIL_ADMIN_PASSWORD:-in $VIGIL_VAR/admin-password})
  Routes         $VIGIL_ROUTES_DIR  (edited files reload by themselves)
  Logs           $(KARAF_DIR)/data/log/karaf.log
Stop with ./vigil stop.
EOF
}

cmd_stop() {
  karaf_stop
  es_stop
  say "Vigil stopped."
}

json_pid() { alive "${1:-}" && printf '%s' "$1" || printf 'null'; }
json_bool() { "$@" && printf true || printf false; }

cmd_status() {
  local es_ok karaf_ok kpid espid healthy
  kpid=$(karaf_pid) espid=$([ -n "$ES_EXTERNAL" ] || es_pid)
  es_ok=$(json_bool es_healthy) karaf_ok=$(json_bool karaf_healthy)
  healthy=false; [ "$es_ok" = true ] && [ "$karaf_ok" = true ] && healthy=true
  local services="" sep=""
  alive "$(rabbit_pid)" && services="\"rabbitmq\":\"amqp://127.0.0.1:$VIGIL_AMQP_PORT\"" sep=,
  alive "$(sqs_pid)" && services="$services$sep\"sqs\":\"http://127.0.0.1:$VIGIL_SQS_PORT\""
  local last; last=$(cat "$RUN/last-start-seconds" 2>/dev/null || printf null)
  if [ "${1:-}" = --json ]; then
    printf '{"healthy":%s,"version":"%s",' "$healthy" "$VIGIL_VERSION"
    printf '"elasticsearch":{"url":"%s","healthy":%s,"pid":%s,"external":%s},' \
      "$VIGIL_ES_URL" "$es_ok" "$(json_pid "$espid")" "$([ -n "$ES_EXTERNAL" ] && printf true || printf false)"
    printf '"karaf":{"pid":%s,"healthy":%s,"rss_mb":%s,"last_start_s":%s},' "$(json_pid "$kpid")" "$karaf_ok" "$(karaf_rss_mb)" "$last"
    printf '"endpoints":{"http_input":"%s","rest":"%s","rest_healthy":%s,"ssh":"ssh://127.0.0.1:%s"},' "$HTTP_URL" "$REST_URL" "$(json_bool rest_healthy)" "$VIGIL_SSH_PORT"
    printf '"services":{%s}}\n' "$services"
  else
    state() { [ "$1" = true ] && printf 'healthy' || { alive "$2" && printf 'running, NOT healthy' || printf 'not running'; }; }
    printf 'Elasticsearch  %-22s %s%s\n' "$(state "$es_ok" "$espid")" "$VIGIL_ES_URL" "$(alive "$espid" && printf ' (pid %s)' "$espid")"
    printf 'Vigil (Karaf)  %-22s %s\n' "$(state "$karaf_ok" "$kpid")" \
      "$(alive "$kpid" && printf 'pid %s, %s MB resident, last start took %s s' "$kpid" "$(karaf_rss_mb)" "$last")"
    printf '  HTTP input   %s\n  REST API     %s (%s)\n  Web console  %s/ui/\n  Karaf shell  ssh -p %s admin@127.0.0.1\n' "$HTTP_URL" "$REST_URL" \
      "$(rest_healthy && printf 'answering' || printf 'not answering')" "$REST_URL" "$VIGIL_SSH_PORT"
    alive "$(rabbit_pid)" && printf 'RabbitMQ       running                amqp://127.0.0.1:%s (pid %s)\n' "$VIGIL_AMQP_PORT" "$(rabbit_pid)"
    alive "$(sqs_pid)" && printf 'ElasticMQ      running                http://127.0.0.1:%s (pid %s)\n' "$VIGIL_SQS_PORT" "$(sqs_pid)"
    [ "$healthy" = true ] || printf '%s\n' "Not healthy: ./vigil run starts what is missing; logs are under $LOG and $(KARAF_DIR)/data/log."
  fi
  [ "$healthy" = true ]
}
