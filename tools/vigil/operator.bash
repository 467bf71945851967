# shellcheck shell=bash
# The operator commands, run by the Java tools of tools/ (io.vigil.tools) against a running Vigil or its Elasticsearch:
# './vigil send', 'fixtures', 'rule-test', 'sigma', 'indices', 'snapshot' and 'restore'.
# Sourced by ./vigil, which sets VIGIL_HOME and the settings; not run on its own.

tool() { # runs one of the Java tools of tools/ (main class, arguments...)
  local classes="$VIGIL_HOME/tools/target/classes" classpath="$VIGIL_HOME/tools/target/tools.classpath" java
  # Built when missing, or when this checkout has a tool the last build did not make.
  if [ ! -s "$classpath" ] || [ ! -f "$classes/${1//.//}.class" ]; then
    say "Building Vigil's tools (log in $LOG/build.log)..."
    maven "$LOG/build.log" install -DskipTests
  fi
  java=$(find_java 17 99 "${VIGIL_KARAF_JAVA_HOME:-}") || die "Vigil's tools need Java 17 or newer"
  local trust=()
  [ -s "$VIGIL_VAR/tls/trust.p12" ] && trust=("-Djavax.net.ssl.trustStore=$VIGIL_VAR/tls/trust.p12" "-Djavax.net.ssl.trustStorePassword=$(cat "$VIGIL_VAR/tls/password")")
  "$java/bin/java" "${trust[@]}" -cp "$classes:$(cat "$classpath")" "$@"
}

cmd_fixtures() {
  local dir=${1:-$VIGIL_HOME/../shared/fixtures/mozdef} loginput=- rc=0
  [ -d "$dir" ] || die "no vector directory at $dir: pass one, ./vigil fixtures DIR"
  # The alert cases run on a real Elasticsearch: the running one, or one started (and stopped) for them.
  trap services_stop_started EXIT
  alive "$(es_pid)" || [ -n "$ES_EXTERNAL" ] || STARTED_SERVICES+=(es)
  es_start
  # With Vigil running, the loginput and restapi HTTP cases run against it too, the latter signed in as admin.
  local rest=()
  karaf_healthy && loginput="$HTTP_URL"
  if rest_healthy; then
    rest=("$REST_URL")
    export VIGIL_REST_USER=admin VIGIL_REST_PASSWORD="${VIGIL_ADMIN_PASSWORD:-$(cat "$VIGIL_VAR/admin-password" 2>/dev/null)}"
  fi
  tool io.vigil.tools.FixtureRunner "$dir" "$loginput" "$VIGIL_ES_URL" "${rest[@]}" || rc=$?
  services_stop_started
  trap - EXIT
  return "$rc"
}

cmd_rule_test() { # a MozDef-style rule by name or file, or Sigma rules (a file or a folder)
  [ $# -ge 1 ] || die "usage: ./vigil rule-test RULE|FILE.yml|SIGMA_FOLDER [--from T] [--to T] (T: 2026-12-01T08:00:00Z, 2026-12-01, 90m, 2d)"
  es_healthy || die "no Elasticsearch at $VIGIL_ES_URL: rules are tested over the events of a running Vigil (./vigil run), or set VIGIL_ES_URL"
  tool io.vigil.tools.RuleTest "$VIGIL_ES_URL" "${VIGIL_ALERTS_RULES_DIR:-$(KARAF_DIR)/etc/vigil/rules}" \
    "${VIGIL_SIGMA_RULES_DIR:-$(KARAF_DIR)/etc/vigil/sigma}" "$@"
}

cmd_sigma() { # check | regress, on a folder of rules (SigmaHQ's corpus beside the checkout by default)
  local verb=${1:-}
  case "$verb" in
    check|regress) shift ;;
    *) die "usage: ./vigil sigma check [DIR] [--placeholders FILE] | ./vigil sigma regress [DIR] [--rules RDIR] [--placeholders FILE]" ;;
  esac
  local dir=$VIGIL_HOME/../shared/fixtures/sigma
  if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then dir=$1; shift; fi
  [ -d "$dir" ] || die "no folder of Sigma rules at $dir: ./vigil sigma $verb DIR"
  tool io.vigil.tools.SigmaTool "$verb" "$dir" "$@"
}

cmd_indices() { # indices | snapshot | restore, on the Elasticsearch of this instance (or VIGIL_ES_URL)
  es_healthy || die "no Elasticsearch at $VIGIL_ES_URL: start Vigil (./vigil run) or its services (./vigil services start elasticsearch), or set VIGIL_ES_URL"
  tool io.vigil.tools.IndicesTool "$VIGIL_ES_URL" "$@"
}

cmd_send() {
  local input=${1:-}
  [ -n "$input" ] || die "usage: ./vigil send FILE|- (JSON object, JSON array or NDJSON)"
  [ "$input" = - ] || [ -r "$input" ] || die "cannot read $input"
  karaf_healthy || die "Vigil is not running on $HTTP_URL: start it with ./vigil run"
  tool io.vigil.tools.Send "$HTTP_URL" "$input"
}
