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

# MailPlex crash harness (issue 4): James in a child JVM, SIGKILLed at random moments while
# customers send and operators drain; at the end every accepted Message-ID is accounted for.
# About 3 minutes on 2 cores. Output: the console and bench/target/crash/report.txt;
# James's log (all generations) in bench/target/crash/james.log, its console in child.out.
# Knobs (environment): CRASH_OPTS="-Dcrash.mails=1000 -Dcrash.kills=5 -Dcrash.clients=4 -Dcrash.seed=42"
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

echo "== build (mvn -Pbench -pl bench -am package, tests skipped)"
BUILD=(mvn -B -q -Pbench -pl bench -am -DskipTests package)
"${BUILD[@]}" -o || "${BUILD[@]}"

# run from a copy of the built jars: a rebuild while the harness runs must not change the James it kills
JARS=bench/target/crash-jars
rm -rf "$JARS" && mkdir -p "$JARS"
CP=""
for jar in bench/target/mailplex-bench-1.0.0-SNAPSHOT.jar $(tr ':' ' ' < bench/target/classpath.txt); do
  case "$jar" in
    "$ROOT"/*/target/*.jar|bench/target/*.jar) cp "$jar" "$JARS/" && jar="$JARS/$(basename "$jar")" ;;
  esac
  CP="${CP:+$CP:}$jar"
done
java -Xmx512m ${CRASH_OPTS:-} \
  -Dlogback.configurationFile="$ROOT/bench/src/main/resources/logback-bench.xml" \
  -Dmailplex.conf.dir="$ROOT/james-conf/conf" \
  -Dcrash.dir="$ROOT/bench/target/crash" \
  -cp "$CP" org.mailplex.bench.CrashHarness
