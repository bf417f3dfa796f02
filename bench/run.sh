#!/usr/bin/env bash
# Licensed to the Apache Software Foundation (ASF) under one
# or more contributor license agreements.  See the NOTICE file
# distributed with this work for additional information
# regarding copyright ownership.  The ASF licenses this file
# to you under the Apache License, Version 2.0 (the
# "License"); you may not use this file except in compliance
# with the License.  You may obtain a copy of the License at
#
#   http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing,
# software distributed under the License is distributed on an
# "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
# KIND, either express or implied.  See the License for the
# specific language governing permissions and limitations
# under the License.

# MailPlex issue-5 benchmarks, in one run (~8 minutes on 2 cores):
#   1. JMH on the routing rule (PlexScheduler): 3 ticket counts x 3 roster sizes
#   2. a real James from james-conf/conf: release latency, intake ratio, release latency again while 4 SMTP
#      senders push bench.loadRate (280) mails/s at the plex (p99 loaded / p99 idle printed); then 50 operators: drain
#   3. start-up with 1 and with 100,000 mails parked in the file:// queue (one JVM each)
# Output: the console and bench/target/results.txt; James's own log in bench/target/james.log.
# Knobs (environment): PARKED=100000  JMH_ARGS="-f 1 -wi 2 -w 1s -i 3 -r 1s"  BENCH_OPTS="-Dbench.releases=200 -Dbench.loadRate=280 ..."
#                      SKIP_JMH=1 SKIP_JAMES=1 SKIP_STARTUP=1
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=bench/target/results.txt
PARKED=${PARKED:-100000}
JMH_ARGS=${JMH_ARGS:-"-f 1 -wi 2 -w 1s -i 3 -r 1s"}
BENCH_OPTS=${BENCH_OPTS:-}

echo "== build (mvn -Pbench -pl bench -am package, tests skipped)"
BUILD=(mvn -B -q -Pbench -pl bench -am -DskipTests package)
"${BUILD[@]}" -o || "${BUILD[@]}"   # offline first; online only for JMH and other missing artefacts

CP="bench/target/mailplex-bench-1.0.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
JAVA=(java -Xms1g -Xmx2g -XX:+UseG1GC
      -Dlogback.configurationFile="$ROOT/bench/src/main/resources/logback-bench.xml"
      -Dbench.log="$ROOT/bench/target/james.log"
      -Dmailplex.conf.dir="$ROOT/james-conf/conf"
      -Djames.exit.on.startup.error=false)
WORK=$(mktemp -d -t mailplex-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
rm -f bench/target/james.log

{
  echo "== machine"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB total, " $7 " MiB available"}')"
  java -version 2>&1 | sed 's/^/java: /'
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo n/a) (working tree may differ)"
} | tee "$OUT"

if [ -z "${SKIP_JMH:-}" ]; then
  echo "== 1. JMH: PlexScheduler, one decision (next+complete+observe+park), $JMH_ARGS" | tee -a "$OUT"
  java -cp "$CP" org.openjdk.jmh.Main 'PlexSchedulerBenchmark|StickyFloodBenchmark' $JMH_ARGS -rf json -rff bench/target/jmh.json \
    | tee bench/target/jmh.txt | grep -E '^(Benchmark|PlexSchedulerBenchmark|StickyFloodBenchmark)' | tee -a "$OUT"
fi

if [ -z "${SKIP_JAMES:-}" ]; then
  echo "== 2. real James: latency, intake, drain" | tee -a "$OUT"
  "${JAVA[@]}" $BENCH_OPTS -Dbench.dir="$WORK/james" -cp "$CP" org.mailplex.bench.JamesBench \
    | tee bench/target/james-bench.txt | sed -n '/^=== /,$p' | tee -a "$OUT"
fi

if [ -z "${SKIP_STARTUP:-}" ]; then
  echo "== 3. start-up with mails already parked (file:// queue)" | tee -a "$OUT"
  rm -f bench/target/startup.txt
  for n in 1 "$PARKED"; do
    "${JAVA[@]}" -cp "$CP" org.mailplex.bench.StartupBench "$n" "$WORK/startup-$n" | tee -a bench/target/startup.txt \
      | grep -E '^(STARTUP|QUEUE_PAGE|\[bench\])' | tee -a "$OUT"
    rm -rf "$WORK/startup-$n"
  done
  awk -v n="$PARKED" '/^STARTUP/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$2, kv[1]] = kv[2] } }
    END { base = v["parked=1", "heap_used_bytes"]; full = v["parked=" n, "heap_used_bytes"];
          if (base && full) printf "heap per parked mail: (%d - %d) / %d = %.0f bytes\n", full, base, n - 1, (full - base) / (n - 1) }' \
    bench/target/startup.txt | tail -1 | tee -a "$OUT"
fi
echo "== results in $OUT"
