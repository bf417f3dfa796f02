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

# Starts a real Apache James 3.8.1 (memory app) with MailPlex, in the foreground, on 127.0.0.1:
#   SMTP 2525, IMAP 1143, POP3 1110, webadmin 8000.
# Demo: domain mailplex.local, plex help@mailplex.local, operators alice@ then bob@ (password "secret"),
# and carol@ as an ordinary user. The plex account gets a long random password nobody knows.
# The queue is a file:// repository under $MAILPLEX_WORK/var/mail/mailplex/help/.
#
# It builds the James server folder (module james-app: james-app/target/mailplex-james/, the memory app
# in lib/, MailPlex in extensions-jars/, configuration in conf/) and runs a copy of it in $MAILPLEX_WORK.
# Usage: ./quickstart.sh [--reset-conf]     (MAILPLEX_WORK defaults to ./work)
set -euo pipefail

usage() { echo "usage: $0 [--reset-conf]   (MAILPLEX_WORK=/some/dir overrides ./work)" >&2; }
reset_conf=false
case "${1:-}" in
    "") ;;
    --reset-conf) reset_conf=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
work=${MAILPLEX_WORK:-$here/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)
assembled=$here/james-app/target/mailplex-james

command -v java >/dev/null || { echo "quickstart: java 11+ is needed" >&2; exit 1; }
command -v mvn >/dev/null || { echo "quickstart: Apache Maven 3.6.3+ is needed" >&2; exit 1; }
command -v curl >/dev/null || { echo "quickstart: curl is needed" >&2; exit 1; }

# The configuration James will run with: the kept one in $work/conf, or the shipped one.
conf_dir() {
    if [[ -f "$work/conf/mailetcontainer.xml" && $reset_conf == false ]]; then echo "$work/conf"; else echo "$here/james-conf/conf"; fi
}

# Ports of the servers a *server.xml enables (James's default is enabled), one per line.
ports_of() {
    [[ -f "$1" ]] || return 0
    awk '/<[a-z0-9]+server[ >]/ { on = ($0 !~ /enabled="false"/) }
         on && /<bind>/ { sub(/.*<bind>/, ""); sub(/<\/bind>.*/, ""); n = split($0, binds, ",");
                          for (i = 1; i <= n; i++) { sub(/.*:/, "", binds[i]); gsub(/[^0-9]/, "", binds[i]); if (binds[i] != "") print binds[i] } }' "$1"
}

webadmin_port() {
    local conf=$1/webadmin.properties
    grep -q '^enabled=true' "$conf" 2>/dev/null || { echo "quickstart: $conf must keep webadmin enabled (enabled=true)" >&2; return 1; }
    sed -n 's/^port=\([0-9][0-9]*\).*/\1/p' "$conf" | head -1
}

# Something accepts connections on 127.0.0.1:$1.
listening() {
    if command -v timeout >/dev/null; then timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
    else bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; fi
}

# Refuses to go on when any port of the configuration is already taken on 127.0.0.1 (another program,
# or a quick start still running): James would fail to bind, or the demo users would go to someone else.
check_ports() {
    local conf name port busy=() taken=()
    conf=$(conf_dir)
    for name in smtp imap pop3 lmtp managesieve; do
        for port in $(ports_of "$conf/${name}server.xml"); do
            if listening "$port"; then busy+=("$port"); taken+=("$port ($name)"); fi
        done
    done
    port=$(webadmin_port "$conf")
    if listening "$port"; then busy+=("$port"); taken+=("$port (webadmin)"); fi
    if ((${#busy[@]} > 0)); then
        echo "quickstart: refusing to start James: already in use on 127.0.0.1: $(IFS=,; echo "${taken[*]}" | sed 's/,/, /g')" >&2
        if command -v ss >/dev/null; then
            ss -ltnp 2>/dev/null | awk -v ports=" ${busy[*]} " 'NR == 1 { print; next } { n = split($4, a, ":"); if (index(ports, " " a[n] " ")) print }' >&2 || true
        fi
        echo "quickstart: stop what listens there (an earlier quick start?) or change the port in $conf" >&2
        return 1
    fi
}

cd "$here"
check_ports
echo "quickstart: building MailPlex and the James server folder (tests skipped; run 'mvn -B verify' for them)"
mvn -B -q package -DskipTests -pl james-app -am

# Install the assembled server folder in $work: James, MailPlex and the start script are refreshed,
# the configuration is kept (unless --reset-conf), and so is var/ (the MailPlex queue and state).
rm -rf "$work/lib" "$work/bin" "$work/james.classpath"
cp -R "$assembled/lib" "$assembled/bin" "$assembled/README.md" "$work/"
mkdir -p "$work/extensions-jars" "$work/conf"
rm -f "$work"/extensions-jars/mailplex-*.jar
cp "$assembled"/extensions-jars/*.jar "$work/extensions-jars/"
if [[ ! -f "$work/conf/mailetcontainer.xml" || $reset_conf == true ]]; then
    cp "$assembled"/conf/* "$work/conf/"
    echo "quickstart: configuration copied to $work/conf (kept on later starts; --reset-conf refreshes it)"
fi
reset_conf=false   # from here on, conf_dir is $work/conf

check_ports
webadmin=http://127.0.0.1:$(webadmin_port "$work/conf")
SECONDS=0
"$work/bin/run.sh" &
james=$!
trap 'kill "$james" 2>/dev/null || true; wait "$james" 2>/dev/null || true' INT TERM EXIT

# Up means MailPlex's own route answers (so it is this James, with MailPlex loaded).
for _ in $(seq 1 180); do
    if curl -sf -o /dev/null "$webadmin/mailplex"; then break; fi
    if ! kill -0 "$james" 2>/dev/null; then echo "quickstart: James stopped during start (see its log above)" >&2; exit 1; fi
    sleep 1
done
curl -sf -o /dev/null "$webadmin/mailplex" || { echo "quickstart: James did not answer on $webadmin/mailplex" >&2; exit 1; }
kill -0 "$james" 2>/dev/null || { echo "quickstart: James stopped during start (see its log above)" >&2; exit 1; }
seconds=$SECONDS

# The memory app keeps users in RAM: (re)create the demo users on every start. The plex account exists
# only so that James accepts mail for it: MailPlex parks that mail and sets loops aside with the stuck
# mails, so its own mailbox stays empty and nobody logs in as it.
create_user() {
    curl -sf -o /dev/null -X PUT "$webadmin/users/$1" -H 'Content-Type: application/json' -d "{\"password\":\"$2\"}" \
        || echo "quickstart: could not create $1" >&2
}
create_user help@mailplex.local "$(od -An -N48 -tx1 /dev/urandom | tr -d ' \n')"
for user in alice bob carol; do
    create_user "$user@mailplex.local" secret
done

smtp=$(ports_of "$work/conf/smtpserver.xml" | head -1)
imap=$(ports_of "$work/conf/imapserver.xml" | head -1)
pop3=$(ports_of "$work/conf/pop3server.xml" | head -1)
cat <<BANNER

  James with MailPlex is up on 127.0.0.1 after ${seconds} s (Ctrl-C stops it)
    SMTP ${smtp:-off}   IMAP ${imap:-off}   POP3 ${pop3:-off}   webadmin $webadmin
    plex      help@mailplex.local  ->  alice@mailplex.local, bob@mailplex.local
    users     alice, bob, carol @mailplex.local, password: secret
    queue     $work/var/mail/mailplex/help/
    see README.md, "Play the walk-through"

BANNER
wait "$james"
