# shellcheck shell=bash
# The servers Vigil and its tests use, each installed and started on 127.0.0.1 by this script and stopped by its PID:
# Elasticsearch (the integ-test distribution through Maven, or VIGIL_ES_URL's), RabbitMQ (Debian's), ElasticMQ (SQS),
# S3Proxy (S3) and the mock OpenID Connect provider (Java programs resolved through Maven); './vigil services'.
# Sourced by ./vigil, which sets VIGIL_HOME and the settings; not run on its own.

# ---------------------------------------------------------------------------------------------- Elasticsearch
es_as_user() { # runs Elasticsearch's commands as an unprivileged user when we are root (it refuses root)
  if [ "$(id -u)" = 0 ]; then runuser -u "$VIGIL_ES_USER" -- "$@"; else "$@"; fi
}

es_dir() { # where Elasticsearch lives: under VIGIL_VAR, unless root runs it and that user cannot reach VIGIL_VAR
  local dir="$VIGIL_VAR/elasticsearch"
  if [ "$(id -u)" = 0 ] && ! runuser -u "$VIGIL_ES_USER" -- test -x "$VIGIL_VAR" 2>/dev/null; then
    dir="/var/tmp/vigil-es-$(printf '%s' "$VIGIL_VAR" | md5sum | cut -c1-12)"
  fi
  printf '%s' "$dir"
}

es_install() {
  ES_DIR=$(es_dir) ES_HOME="$ES_DIR/elasticsearch-$ES_VERSION"
  if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    say "Fetching Elasticsearch $ES_VERSION through Maven..."
    maven "$LOG/elasticsearch-fetch.log" -q dependency:copy \
      "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      "-DoutputDirectory=$VIGIL_VAR/downloads"
    mkdir -p "$ES_DIR"
    local zip="$VIGIL_VAR/downloads/elasticsearch-$ES_VERSION.zip"
    if command -v unzip >/dev/null; then unzip -q -o "$zip" -d "$ES_DIR"; else (cd "$ES_DIR" && jar xf "$zip"); fi
    chmod +x "$ES_HOME"/bin/*
    rm -f "$zip"
  fi
  mkdir -p "$ES_DIR/data" "$ES_DIR/logs" "$ES_DIR/tmp" "$ES_DIR/run" "$ES_DIR/snapshots"
  cat >"$ES_HOME/config/elasticsearch.yml" <<EOF
# Written by ./vigil at every start: change VIGIL_ES_* variables, not this file.
cluster.name: vigil
node.name: vigil
network.host: 127.0.0.1
http.port: $VIGIL_ES_PORT
transport.port: $VIGIL_ES_TRANSPORT_PORT
discovery.type: single-node
path.data: $ES_DIR/data
path.logs: $ES_DIR/logs
path.repo: ["$ES_DIR/snapshots"]
# A nearly full development disk must not turn every index read-only.
cluster.routing.allocation.disk.threshold_enabled: false
# Loopback only; without this, first start auto-configures TLS and secure settings this build cannot read.
xpack.security.enabled: false
EOF
  rm -f "$ES_HOME/config/elasticsearch.keystore"
  printf -- '-Xms%s\n-Xmx%s\n' "$VIGIL_ES_HEAP" "$VIGIL_ES_HEAP" >"$ES_HOME/config/jvm.options.d/vigil-heap.options"
  if [ "$(id -u)" = 0 ]; then chown -R "$VIGIL_ES_USER" "$ES_DIR"; fi
  [ "$ES_DIR" = "$VIGIL_VAR/elasticsearch" ] || ln -sfn "$ES_DIR" "$VIGIL_VAR/elasticsearch"
}

es_pid() { pid_of "$(es_dir)/run/elasticsearch.pid"; }
es_healthy() { es_get "$VIGIL_ES_URL/_cluster/health" | grep -Eq '^200 .*"status":"(green|yellow)"'; }

# GET on Elasticsearch with what etc/io.vigil.elasticsearch.cfg takes from the environment: VIGIL_ES_USERNAME and
# VIGIL_ES_PASSWORD or VIGIL_ES_API_KEY, given to curl on its standard input (never on its command line, which ps
# shows), and VIGIL_ES_CA_FILE as the CA (a truststore is Java's alone: curl then trusts the system's CAs).
es_get() {
  if [ -z "${VIGIL_ES_USERNAME:-}${VIGIL_ES_API_KEY:-}" ] && [[ $1 != https://* ]]; then http_get "$1"; return; fi
  command -v curl >/dev/null || die "an Elasticsearch with credentials or HTTPS needs curl: install it (apt-get install curl)"
  local tls=()
  [ -n "${VIGIL_ES_CA_FILE:-}" ] && tls=(--cacert "$VIGIL_ES_CA_FILE")
  [ "${VIGIL_ES_VERIFY_HOSTNAME:-true}" = false ] && tls+=(--insecure)
  es_credentials | curl_get "$1" -K - "${tls[@]}"
}
es_credentials() { # as curl's config: a quoted value, its \ and " escaped
  local escape='s/[\\"]/\\&/g'
  if [ -n "${VIGIL_ES_API_KEY:-}" ]; then
    printf 'header = "Authorization: ApiKey %s"\n' "$(printf %s "$VIGIL_ES_API_KEY" | sed "$escape")"
  elif [ -n "${VIGIL_ES_USERNAME:-}" ]; then
    printf 'user = "%s"\n' "$(printf %s "$VIGIL_ES_USERNAME:${VIGIL_ES_PASSWORD:-}" | sed "$escape")"
  fi
}

es_ports_free() {
  require_free "$VIGIL_ES_PORT" "Elasticsearch HTTP" VIGIL_ES_PORT
  require_free "$VIGIL_ES_TRANSPORT_PORT" "Elasticsearch transport" VIGIL_ES_TRANSPORT_PORT
}

es_start() {
  if [ -n "$ES_EXTERNAL" ]; then
    es_healthy || die "Elasticsearch at VIGIL_ES_URL=$VIGIL_ES_URL does not answer a healthy _cluster/health: start it or unset VIGIL_ES_URL to use a local one"
    say "Elasticsearch: $VIGIL_ES_URL (yours)"
    return 0
  fi
  if alive "$(es_pid)"; then say "Elasticsearch already running (pid $(es_pid))"; return 0; fi
  es_ports_free
  local java
  java=$(find_java 21 99 "${VIGIL_ES_JAVA_HOME:-}") || die "Elasticsearch $ES_VERSION needs Java 21 or newer and none was found (VIGIL_ES_JAVA_HOME, JAVA_HOME, PATH, /usr/lib/jvm): install a JDK 21+ or point VIGIL_ES_URL at your own Elasticsearch"
  es_install
  say "Starting Elasticsearch $ES_VERSION on 127.0.0.1:$VIGIL_ES_PORT (Java $(java_major "$java"), data in $ES_DIR)..."
  (cd "$ES_DIR" && es_as_user env ES_JAVA_HOME="$java" ES_TMPDIR="$ES_DIR/tmp" ES_PATH_CONF="$ES_HOME/config" \
      "$ES_HOME/bin/elasticsearch" -d -p "$ES_DIR/run/elasticsearch.pid") >"$LOG/elasticsearch-start.log" 2>&1 \
    || { tail -n 20 "$LOG/elasticsearch-start.log" >&2; die "Elasticsearch did not start; see $LOG/elasticsearch-start.log and $ES_DIR/logs/vigil.log"; }
  wait_until 120 "Elasticsearch" "$ES_DIR/logs/vigil.log" es_healthy
  say "Elasticsearch healthy (pid $(es_pid))"
}

es_stop() {
  [ -n "$ES_EXTERNAL" ] && return 0
  stop_pid "$(es_pid)" Elasticsearch 60
}

# ---------------------------------------------------------------------------------------------- RabbitMQ
rabbit_env() {
  local dir="$VIGIL_VAR/rabbitmq"
  mkdir -p "$dir/mnesia" "$dir/log"
  [ -f "$dir/enabled_plugins" ] || printf '[].\n' >"$dir/enabled_plugins"
  # A node of our own: own name, ports, epmd and folders, so it never meets a system RabbitMQ.
  export RABBITMQ_NODENAME="vigil@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$VIGIL_AMQP_PORT" \
    RABBITMQ_DIST_PORT="$VIGIL_AMQP_DIST_PORT" ERL_EPMD_PORT="$VIGIL_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq" HOME="$dir" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

rabbit_bin() { # Debian's /usr/sbin wrappers switch to the rabbitmq user, which may not reach VIGIL_VAR: call the real scripts
  local real
  for real in /usr/lib/rabbitmq/bin/"$1" "$(command -v "$1" 2>/dev/null)"; do
    [ -x "$real" ] && { printf '%s' "$real"; return 0; }
  done
  return 1
}

rabbit_install() {
  rabbit_bin rabbitmq-server >/dev/null && return 0
  if apt_install "$LOG/rabbitmq-install.log" rabbitmq-server; then
    rabbit_bin rabbitmq-server >/dev/null || die "rabbitmq-server is still missing after apt-get install; see $LOG/rabbitmq-install.log"
  else
    die "RabbitMQ is not installed and this is not root with apt-get: install it (sudo apt-get install rabbitmq-server) and run again"
  fi
}

rabbit_pid() { pid_of "$VIGIL_VAR/rabbitmq/rabbitmq.pid"; }

# An AMQPS listener too when VIGIL_AMQP_TLS_PORT is set: the CA, certificate and key are ca.pem, server.pem and
# server.key of VIGIL_AMQP_TLS_CERT_DIR (tests make them).
rabbit_tls_config() {
  local conf="$VIGIL_VAR/rabbitmq/rabbitmq.conf" certs=${VIGIL_AMQP_TLS_CERT_DIR:-} file
  mkdir -p "$VIGIL_VAR/rabbitmq"
  rm -f "$conf"
  [ -n "${VIGIL_AMQP_TLS_PORT:-}" ] || return 0
  for file in ca.pem server.pem server.key; do
    [ -r "$certs/$file" ] || die "VIGIL_AMQP_TLS_PORT is set but VIGIL_AMQP_TLS_CERT_DIR ($certs) has no $file"
  done
  require_free "$VIGIL_AMQP_TLS_PORT" "RabbitMQ AMQPS" VIGIL_AMQP_TLS_PORT
  printf '%s\n' "listeners.tcp.default = 127.0.0.1:$VIGIL_AMQP_PORT" "listeners.ssl.default = 127.0.0.1:$VIGIL_AMQP_TLS_PORT" \
    "ssl_options.cacertfile = $certs/ca.pem" "ssl_options.certfile = $certs/server.pem" "ssl_options.keyfile = $certs/server.key" \
    "ssl_options.verify = verify_none" "ssl_options.fail_if_no_peer_cert = false" >"$conf"
}
rabbit_start() {
  if alive "$(rabbit_pid)"; then say "RabbitMQ already running (pid $(rabbit_pid))"; return 0; fi
  require_free "$VIGIL_AMQP_PORT" "RabbitMQ AMQP" VIGIL_AMQP_PORT
  require_free "$VIGIL_AMQP_DIST_PORT" "RabbitMQ distribution" VIGIL_AMQP_DIST_PORT
  rabbit_install
  rabbit_tls_config
  (
    rabbit_env
    say "Starting RabbitMQ on 127.0.0.1:$VIGIL_AMQP_PORT${VIGIL_AMQP_TLS_PORT:+ (TLS on $VIGIL_AMQP_TLS_PORT)}..."
    "$(rabbit_bin rabbitmq-server)" -detached >"$LOG/rabbitmq-start.log" 2>&1
    timeout 60 "$(rabbit_bin rabbitmqctl)" -q wait "$RABBITMQ_PID_FILE" >>"$LOG/rabbitmq-start.log" 2>&1 \
      || die "RabbitMQ did not become healthy within 60 s; see $LOG/rabbitmq-start.log and $RABBITMQ_LOG_BASE"
  )
  say "RabbitMQ healthy (pid $(rabbit_pid))"
}

rabbit_stop() {
  local pid epmd; pid=$(rabbit_pid)
  if alive "$pid"; then
    (rabbit_env; "$(rabbit_bin rabbitmqctl)" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1) || true
    alive "$pid" && stop_pid "$pid" RabbitMQ 30 || say "stopped RabbitMQ (pid $pid)"
  fi
  # epmd outlives the node; ours is the one listening on our own epmd port.
  epmd=$(listener "$VIGIL_EPMD_PORT" | sed -n 's/^"epmd",pid=//p')
  [ -n "$epmd" ] && stop_pid "$epmd" epmd 10
  rm -f "$VIGIL_VAR/rabbitmq/rabbitmq.pid"
}

# ---------------------------------------------------------------------------------------------- ElasticMQ (SQS)
# A test server that is a Java program on Maven Central (ElasticMQ, S3Proxy, the mock OpenID Connect provider):
# its classpath resolved once through Maven (pom), started in its own process group, pid in $RUN/<key>.pid.
java_service_start() { # name, pom, state folder, key, health check, then the JVM's options, main class and arguments
  local name=$1 pom=$2 dir=$3 key=$4 healthy=$5 java; shift 5
  if [ ! -s "$dir/classpath" ]; then
    say "Resolving $name through Maven..."
    maven "$LOG/$key-fetch.log" -q -f "$pom" dependency:build-classpath "-Dmdep.outputFile=$dir/classpath"
  fi
  java=$(find_java 17 99 "${VIGIL_KARAF_JAVA_HOME:-}") || die "$name needs Java 17 or newer"
  say "Starting $name..."
  (exec setsid "$java/bin/java" -Xmx256m -cp "$(cat "$dir/classpath")" "$@" </dev/null >"$LOG/$key.log" 2>&1) &
  printf '%s' "$!" >"$RUN/$key.pid"
  wait_until 60 "$name" "$LOG/$key.log" "$healthy"
}

# The mock OpenID Connect provider (NAV's mock-oauth2-server) for sign-in tests: issuer http://127.0.0.1:PORT/vigil,
# no login page; whoever signs in is olga@example.com (verified) in the group soc (the tests map soc to handler).
oidc_pid() { pid_of "$RUN/oidc.pid"; }
oidc_healthy() { http_ok "http://127.0.0.1:$VIGIL_OIDC_PORT/vigil/.well-known/openid-configuration"; }
oidc_start() {
  if alive "$(oidc_pid)"; then say "OIDC provider already running (pid $(oidc_pid))"; return 0; fi
  require_free "$VIGIL_OIDC_PORT" "mock OIDC provider" VIGIL_OIDC_PORT
  local dir="$VIGIL_VAR/oidc"
  mkdir -p "$dir"
  printf '%s\n' '{"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "vigil", "tokenExpiry": 300, "requestMappings": [' \
    '{"requestParam": "grant_type", "match": "*", "claims": {"sub": "olga", "email": "olga@example.com", "email_verified": true, "groups": ["soc"], "aud": ["vigil"]}}]}]}' \
    >"$dir/config.json"
  SERVER_HOSTNAME=127.0.0.1 SERVER_PORT=$VIGIL_OIDC_PORT JSON_CONFIG_PATH="$dir/config.json" \
    java_service_start "the mock OIDC provider on 127.0.0.1:$VIGIL_OIDC_PORT" itests/services/oidc/pom.xml "$dir" oidc oidc_healthy no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt
  say "OIDC provider healthy (pid $(oidc_pid)): issuer http://127.0.0.1:$VIGIL_OIDC_PORT/vigil"
}
oidc_stop() { stop_pid "$(oidc_pid)" "OIDC provider" 20; rm -f "$RUN/oidc.pid"; }

sqs_pid() { pid_of "$RUN/elasticmq.pid"; }
sqs_healthy() { http_ok "http://127.0.0.1:$VIGIL_SQS_PORT/?Action=ListQueues"; }
sqs_start() {
  if alive "$(sqs_pid)"; then say "ElasticMQ already running (pid $(sqs_pid))"; return 0; fi
  require_free "$VIGIL_SQS_PORT" "ElasticMQ (SQS)" VIGIL_SQS_PORT
  local dir="$VIGIL_VAR/elasticmq"
  mkdir -p "$dir"
  cat >"$dir/elasticmq.conf" <<EOF
include classpath("application.conf")
node-address { protocol = http, host = 127.0.0.1, port = $VIGIL_SQS_PORT, context-path = "" }
rest-sqs { enabled = true, bind-port = $VIGIL_SQS_PORT, bind-hostname = "127.0.0.1", sqs-limits = strict }
rest-stats { enabled = false }
generate-node-address = false
aws { region = us-east-1, accountId = 000000000000 }
queues { taskexchange {} }
EOF
  java_service_start "ElasticMQ (SQS) on 127.0.0.1:$VIGIL_SQS_PORT" itests/services/pom.xml "$dir" elasticmq sqs_healthy "-Dconfig.file=$dir/elasticmq.conf" org.elasticmq.server.Main
  say "ElasticMQ healthy (pid $(sqs_pid))"
}
sqs_stop() { stop_pid "$(sqs_pid)" ElasticMQ 20; rm -f "$RUN/elasticmq.pid"; }

# S3Proxy over a folder ($VIGIL_VAR/s3/<bucket>/<key>): the S3 the SQS input fetches CloudTrail files from in tests.
s3_pid() { pid_of "$RUN/s3proxy.pid"; }
s3_healthy() { http_get "http://127.0.0.1:$VIGIL_S3_PORT/" | cut -d" " -f1 | grep -Eq "^[2-5][0-9][0-9]$"; } # answers at all (403 without a signature)
s3_start() {
  if alive "$(s3_pid)"; then say "S3Proxy already running (pid $(s3_pid))"; return 0; fi
  require_free "$VIGIL_S3_PORT" "S3Proxy (S3)" VIGIL_S3_PORT
  local dir="$VIGIL_VAR/s3proxy"
  mkdir -p "$dir" "$VIGIL_VAR/s3"
  printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$VIGIL_S3_PORT" "s3proxy.authorization=aws-v2-or-v4" "s3proxy.identity=vigil" \
    "s3proxy.credential=vigil-secret" "jclouds.provider=filesystem" "jclouds.identity=vigil" "jclouds.credential=vigil-secret" \
    "jclouds.filesystem.basedir=$VIGIL_VAR/s3" >"$dir/s3proxy.conf"
  java_service_start "S3Proxy (S3) on 127.0.0.1:$VIGIL_S3_PORT" itests/services/s3proxy/pom.xml "$dir" s3proxy s3_healthy org.gaul.s3proxy.Main --properties "$dir/s3proxy.conf"
  say "S3Proxy healthy (pid $(s3_pid)); its buckets are the folders of $VIGIL_VAR/s3"
}
s3_stop() { stop_pid "$(s3_pid)" S3Proxy 20; rm -f "$RUN/s3proxy.pid"; }

STARTED_SERVICES=()
services_start() {
  alive "$(es_pid)" || [ -n "$ES_EXTERNAL" ] || STARTED_SERVICES+=(es)
  es_start
  alive "$(rabbit_pid)" || STARTED_SERVICES+=(rabbit)
  rabbit_start
  alive "$(sqs_pid)" || STARTED_SERVICES+=(sqs)
  sqs_start
  alive "$(s3_pid)" || STARTED_SERVICES+=(s3)
  s3_start
  alive "$(oidc_pid)" || STARTED_SERVICES+=(oidc)
  oidc_start
}
services_stop_started() { # only what this invocation started, newest first
  local i
  for (( i=${#STARTED_SERVICES[@]}-1; i>=0; i-- )); do "${STARTED_SERVICES[i]}_stop"; done
  STARTED_SERVICES=()
}

cmd_services() {
  local which=${2:-all}
  case "$which" in
    all|elasticsearch|rabbitmq|sqs|s3|oidc) ;;
    *) die "no service named $which: elasticsearch, rabbitmq, sqs, s3 or oidc" ;;
  esac
  case "${1:-}:$which" in
    start:all) services_start ;;
    stop:all) oidc_stop; s3_stop; sqs_stop; rabbit_stop; es_stop ;;
    start:elasticsearch) es_start ;;
    stop:elasticsearch) es_stop ;;
    start:rabbitmq) rabbit_start ;;
    stop:rabbitmq) rabbit_stop ;;
    start:sqs) sqs_start ;;
    stop:sqs) sqs_stop ;;
    start:s3) s3_start ;;
    stop:s3) s3_stop ;;
    start:oidc) oidc_start ;;
    stop:oidc) oidc_stop ;;
    status:*)
      printf 'Elasticsearch  %s\n' "$(es_healthy && printf 'healthy %s' "$VIGIL_ES_URL" || printf 'not running')"
      printf 'RabbitMQ       %s\n' "$(alive "$(rabbit_pid)" && printf 'running amqp://127.0.0.1:%s' "$VIGIL_AMQP_PORT" || printf 'not running')"
      printf 'ElasticMQ      %s\n' "$(sqs_healthy && printf 'healthy http://127.0.0.1:%s' "$VIGIL_SQS_PORT" || printf 'not running')"
      printf 'S3Proxy        %s\n' "$(alive "$(s3_pid)" && printf 'running http://127.0.0.1:%s' "$VIGIL_S3_PORT" || printf 'not running')"
      printf 'OIDC provider  %s\n' "$(oidc_healthy && printf 'healthy http://127.0.0.1:%s/vigil' "$VIGIL_OIDC_PORT" || printf 'not running')" ;;
    *) die "usage: ./vigil services start|stop|status [elasticsearch|rabbitmq|sqs|s3|oidc]" ;;
  esac
}
