# shellcheck shell=bash
# Building and testing: the Debian packages the end-to-end tests drive, syslog-ng for SyslogIT, './vigil test' (unit,
# Pax Exam and end-to-end tests against real services, a digest of the failures last) and './vigil bench'.
# Sourced by ./vigil, which sets VIGIL_HOME and the settings; not run on its own.

# Debian packages the end-to-end tests drive for real (a shipper pointed at Vigil unchanged; the console in Chromium
# through its chromedriver). Not syslog-ng-core: it conflicts with rsyslog (syslog_ng_bin unpacks it beside instead).
TEST_PACKAGES="rsyslog rsyslog-elasticsearch rsyslog-openssl chromium chromium-driver"
test_packages() {
  local missing=() package
  for package in $TEST_PACKAGES; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_install "$LOG/test-packages.log" "${missing[@]}" ||
    say "warning: ${missing[*]} missing and this is not root with apt-get: the shipper and browser tests will fail (sudo apt-get install ${missing[*]})"
}

# syslog-ng for SyslogIT: the system's, else Debian's package unpacked into var/ (installing it would remove rsyslog,
# which conflicts with it); prints the command to run, or nothing when neither can be had.
syslog_ng_bin() {
  if command -v syslog-ng >/dev/null; then command -v syslog-ng; return 0; fi
  local dir="$VIGIL_VAR/downloads/syslog-ng"
  if [ ! -x "$dir/syslog-ng" ]; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 0
    local missing=() package
    for package in libivykis0 libnet1 libpcre3; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] || apt_install "$LOG/syslog-ng-libs.log" "${missing[@]}" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && apt-get download syslog-ng-core) >"$LOG/syslog-ng-download.log" 2>&1 || die "apt-get download syslog-ng-core failed; see $LOG/syslog-ng-download.log"
    dpkg -x "$dir"/syslog-ng-core_*.deb "$dir/root"
    local modules
    modules=$(ls -d "$dir"/root/usr/lib/syslog-ng/[0-9]*)
    printf '#!/bin/sh\nLD_LIBRARY_PATH="%s" exec "%s" --module-path="%s" "$@"\n' \
      "$dir/root/usr/lib/x86_64-linux-gnu:$dir/root/usr/lib/syslog-ng" "$dir/root/usr/sbin/syslog-ng" "$modules" >"$dir/syslog-ng"
    chmod +x "$dir/syslog-ng"
  fi
  echo "$dir/syslog-ng"
}

cmd_test() {
  test_packages
  local syslog_ng
  syslog_ng=$(syslog_ng_bin)
  trap services_stop_started EXIT
  services_start
  say "Running the test suite (unit, Pax Exam, end to end)..."
  local rc=0
  (cd "$VIGIL_HOME" && mvn -B install \
      "-Dvigil.es.url=$VIGIL_ES_URL" "-Dvigil.amqp.url=amqp://127.0.0.1:$VIGIL_AMQP_PORT" \
      "-Dvigil.sqs.url=http://127.0.0.1:$VIGIL_SQS_PORT" "-Dvigil.s3.url=http://127.0.0.1:$VIGIL_S3_PORT" \
      "-Dvigil.s3.dir=$VIGIL_VAR/s3" "-Dvigil.syslogng=$syslog_ng" "-Dvigil.oidc.url=http://127.0.0.1:$VIGIL_OIDC_PORT/vigil") || rc=$?
  services_stop_started
  trap - EXIT
  [ "$rc" = 0 ] || failure_digest
  [ "$rc" = 0 ] && say "vigil test: all tests passed" || say "vigil test: FAILED (mvn exit $rc)"
  return "$rc"
}

# The errors Vigil's Pax Exam containers logged, then each failed test with the head of its trace, printed last: a
# CI log is often read from its tail, where Maven's summary only names the exception.
failure_digest() {
  local report log
  # Never fails itself (set -e): grep finding nothing is the common case.
  for log in $(find "$VIGIL_HOME/itests/target/exam" -name karaf.log -newer "$VIGIL_HOME/pom.xml" 2>/dev/null || true); do
    if grep -q " ERROR " "$log"; then echo "--- errors in $log"; grep " ERROR " "$log" | cut -c1-300 | tail -4 || true; fi
  done | tail -16 || true
  for report in $(grep -l -E "<<< (FAILURE|ERROR)!" $(find "$VIGIL_HOME" -path '*/target/surefire-reports/*.txt' 2>/dev/null) 2>/dev/null || true); do
    echo "--- $(basename "$report" .txt)"
    awk '/<<< (FAILURE|ERROR)!/ && !/^Tests run/ { show = 1; frames = 0; print; next }
         show && /^\tat / { if (++frames <= 4) print; next }
         show && NF { frames = 0; print }' "$report" | head -24 || true
  done | head -72 || true
  return 0
}

# The modules whose parsers take outside bytes, each with fuzz properties (classes *Fuzz; settings in bundles/support's
# io.vigil.support.fuzz). The suite runs them with a fixed seed; 'fuzz' with random seeds, round after round.
FUZZ_MODULES="bundles/support,bundles/core,bundles/inputs/syslog,bundles/inputs/sqs,bundles/alerting/sigma,bundles/alerting/engine"

cmd_fuzz() {
  local minutes=10 tries=2000
  while [ $# -gt 0 ]; do
    case "$1" in
      --minutes) minutes=${2:-}; shift 2 || true ;;
      --tries) tries=${2:-}; shift 2 || true ;;
      *) die "fuzz: unknown argument '$1' (--minutes N, --tries N)" ;;
    esac
  done
  [[ "$minutes" =~ ^[0-9]+$ ]] && [[ "$tries" =~ ^[1-9][0-9]*$ ]] || die "fuzz: --minutes and --tries take whole numbers"
  build_if_missing
  local started deadline round=0 held
  started=$(date +%s)
  deadline=$((started + minutes * 60))
  say "Fuzzing the parsers of outside bytes for $minutes min: random seeds, $tries tries a property a round (log: $LOG/fuzz.log)"
  while [ "$round" = 0 ] || [ "$(date +%s)" -lt "$deadline" ]; do
    round=$((round + 1))
    if ! (cd "$VIGIL_HOME" && mvn -B -o test -pl "$FUZZ_MODULES" -Dtest='*Fuzz' -Dsurefire.failIfNoSpecifiedTests=false \
        -Dvigil.fuzz.seed=random "-Dvigil.fuzz.tries=$tries") >"$LOG/fuzz.log" 2>&1; then
      # jqwik's report: the property, its seed, the shrunk input; the input becomes an @Example of the class.
      grep -E -A30 "^(timestamp|\|-+jqwik)" "$LOG/fuzz.log" | grep -E -B2 -A20 "Shrunk Sample|Original Error" | head -60 || tail -n 40 "$LOG/fuzz.log"
      die "fuzz: round $round found a failure (above; full log $LOG/fuzz.log): rerun it with -Dvigil.fuzz.seed=<seed>, and add the sample as an @Example"
    fi
    held=$(grep -E "Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: 0, Time elapsed.* -- in " "$LOG/fuzz.log" |
      sed 's/.*Tests run: \([0-9]*\),.*/\1/' | awk '{ total += $1 } END { print total + 0 }')
    say "round $round: $held properties, $tries tries each, all held ($(( $(date +%s) - started )) s)"
  done
  say "vigil fuzz: $round round(s), nothing found"
}

bench_java() { find_java 17 99 "${VIGIL_KARAF_JAVA_HOME:-}" || die "the benchmarks need Java 17 or newer"; }
bench_classpath() { # the benchmark module's classes and dependencies, built when missing
  local classes="$VIGIL_HOME/bench/target/classes" classpath="$VIGIL_HOME/bench/target/bench.classpath"
  if [ ! -f "$KARAF_TARBALL" ] || [ ! -s "$classpath" ] || [ ! -f "$classes/META-INF/BenchmarkList" ]; then
    say "Building Vigil and its benchmarks (log in $LOG/build.log)..."
    maven "$LOG/build.log" install -DskipTests
  fi
  printf '%s:%s' "$classes" "$(cat "$classpath")"
}

cmd_bench() {
  mkdir -p "$VIGIL_HOME/bench/results"
  if [ "${1:-}" = pipeline ] || [ "${1:-}" = sigma ]; then
    local options=() name=$1 benchmark=io.vigil.bench.PipelineBenchmark
    # One short pass, to see that it runs; the figures of a full run are the ones to report.
    [ "${2:-}" = --quick ] && options=(-wi 1 -w 1s -i 2 -r 1s)
    if [ "$name" = sigma ]; then
      benchmark=io.vigil.bench.SigmaBenchmark
      local corpus=${3:-$VIGIL_HOME/../shared/fixtures/sigma}
      [ "${2:-}" = --quick ] || corpus=${2:-$corpus}
      [ -d "$corpus/rules" ] || die "no Sigma corpus at $corpus: ./vigil bench sigma [--quick] [DIR]"
      options+=(-jvmArgsAppend "-Dvigil.sigma=$corpus")
    fi
    "$(bench_java)/bin/java" -cp "$(bench_classpath)" org.openjdk.jmh.Main "${options[@]}" \
      -rf json -rff "$VIGIL_HOME/bench/results/$name.json" "$benchmark"
    return
  fi
  local args=() profile="" classpath java sigma=$VIGIL_HOME/../shared/fixtures/sigma/rules
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) args+=(--quick) ;;
      --runs|--events|--rows) [ $# -ge 2 ] || die "$1 needs a value"; args+=("$1" "$2"); shift ;;
      --sigma) [ $# -ge 2 ] || die "$1 needs a folder of Sigma rules, or none"; sigma=$2; shift ;;
      --profile) profile="$VIGIL_HOME/bench/results/vigil.jfr" ;;
      *) die "usage: ./vigil bench [--quick] [--runs N] [--events N] [--rows a,b] [--sigma DIR|none] [--profile], or ./vigil bench pipeline|sigma [--quick]" ;;
    esac
    shift
  done
  # Vigil runs the Sigma rules of DIR (SigmaHQ's by default), switched off but for the rows that measure detection.
  if [ "$sigma" != none ] && [ -d "$sigma" ]; then
    export VIGIL_SIGMA_RULES_DIR
    VIGIL_SIGMA_RULES_DIR=$(cd "$sigma" && pwd)
  else
    sigma=none
  fi
  alive "$(karaf_pid)" && die "a benchmark's Vigil is already running (pid $(karaf_pid), $VIGIL_VAR): stop it first"
  classpath=$(bench_classpath) java=$(bench_java)
  trap 'karaf_stop; services_stop_started' EXIT
  alive "$(es_pid)" || [ -n "$ES_EXTERNAL" ] || STARTED_SERVICES+=(es)
  es_start
  alive "$(rabbit_pid)" || STARTED_SERVICES+=(rabbit)
  rabbit_start
  alive "$(sqs_pid)" || STARTED_SERVICES+=(sqs)
  sqs_start
  # Vigil with both queue inputs consuming; the SQS one from ElasticMQ with its static credentials.
  export VIGIL_AMQP_ENABLED=true VIGIL_SQS_ENABLED=true VIGIL_SQS_OVERRIDE_ENDPOINT=true VIGIL_SQS_DEFAULT_CREDENTIALS=false \
    VIGIL_SQS_ACCESS_KEY=vigil VIGIL_SQS_SECRET_KEY=vigil-secret
  [ -n "$profile" ] && export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$profile,settings=profile,dumponexit=true"
  karaf_start
  local vigil_jvm
  vigil_jvm=$(ps -o pid=,comm= -g "$(karaf_pid)" | awk '$2 == "java" { print $1; exit }')
  say "Benchmarking (Vigil's JVM is pid $vigil_jvm)..."
  local rc=0 sigma_args=()
  # The switches are an administrator's: the password is VIGIL_ADMIN_PASSWORD (inherited) or the generated one's file.
  [ "$sigma" = none ] || sigma_args=(--rest "$REST_URL" --admin-password-file "$VIGIL_VAR/admin-password")
  "$java/bin/java" -Xmx2g -cp "$classpath" io.vigil.bench.IngestBench --es "$VIGIL_ES_URL" \
    --vigil "http://127.0.0.1:$VIGIL_HTTP_PORT" --amqp "amqp://guest:guest@127.0.0.1:$VIGIL_AMQP_PORT" \
    --sqs "http://127.0.0.1:$VIGIL_SQS_PORT" --vigil-pid "${vigil_jvm:-0}" --es-pid "$([ -n "$ES_EXTERNAL" ] || es_pid)" \
    --plugin "$VIGIL_HOME/bundles/plugins/example/target/vigil-plugin-example-$VIGIL_VERSION.jar" --deploy "$(KARAF_DIR)/deploy" \
    --vigil-version "$VIGIL_VERSION" --vigil-java "$(java_major "$(find_java 17 21 "${VIGIL_KARAF_JAVA_HOME:-}")")" \
    --elasticmq-version "$(tr ':' '\n' <"$VIGIL_VAR/elasticmq/classpath" | sed -n 's:.*/elasticmq-server_[^/]*/\([^/]*\)/.*:\1:p' | head -n 1)" \
    "${sigma_args[@]}" \
    --out "$VIGIL_HOME/bench/results" "${args[@]}" || rc=$?
  karaf_stop
  services_stop_started
  trap - EXIT
  [ -n "$profile" ] && say "JFR recording of Vigil: $profile (jfr print --events jdk.ExecutionSample $profile, or JDK Mission Control)"
  return "$rc"
}
