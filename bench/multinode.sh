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

# MailPlex on several James nodes, never part of the default build: a real Apache
# Cassandra 5.0 (cassandra-all, started in a JVM of its own on loopback), then
#  - CassandraLeaseStoreIT: the lease's lightweight transactions, TTL, epoch and fence against it,
#    a takeover on the default timings, the fence's latency;
#  - CassandraStoresIT: every Cassandra store through the same contracts the file stores pass in
#    mvn verify (pauses and counters, away and notices, roster, calendars, conversations, release
#    and reclaim journals, trace secret), and two nodes' stores not undoing each other's writes;
#  - TwoNodeFailoverIT: two James nodes in two JVMs sharing one Cassandra queue (James's own
#    Cassandra mail repository), the lease and every store; a roster change and a sticky follow-up
#    across nodes, alice paused on the holder; mail sent to both, the lease holder SIGKILLed while
#    mail flows; alice still paused on the survivor, the dead holder's releases in its /releases,
#    every accepted Message-ID accounted for, takeover time and release latency printed.
# About 8 minutes on 2 cores (TwoNodeFailoverIT starts James nodes seven times). Figures: the lines starting with [multinode]; record them in bench/RESULTS.md.
# Knobs (environment): MULTINODE_OPTS="-Dmultinode.mails=300 -Dmultinode.kills.mails=1000"
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=(mvn -B -Pmultinode verify -pl multinode/cassandra-server,multinode -am
       -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
       "-Dit.test=CassandraLeaseStoreIT,CassandraStoresIT,TwoNodeFailoverIT" ${MULTINODE_OPTS:-})
mkdir -p multinode/target
status=0
"${BUILD[@]}" > multinode/target/multinode.log 2>&1 || status=$?
grep -E '^\[multinode\]|Tests run:|BUILD' multinode/target/multinode.log || true
echo "full log: multinode/target/multinode.log; nodes' logs: multinode/target/multinode/two-nodes/node-*/node.log"
exit $status
