#!/usr/bin/env bash
# Starts a real Apache James 3.8.1 (memory app) with MailPlex, in the foreground, on 127.0.0.1:
#   SMTP 2525, IMAP 1143, webadmin 8000.
# Demo: domain mailplex.local, plex help@mailplex.local, operators alice@ then bob@ (password "secret"),
# and carol@ as an ordinary user. The queue is a file:// repository under $MAILPLEX_WORK/var/mail/mailplex/help/.
#
# It installs MailPlex exactly as an admin would: jars in extensions-jars/, configuration in conf/.
# Usage: ./quickstart.sh [--reset-conf]     (MAILPLEX_WORK defaults to ./work)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${MAILPLEX_WORK:-$here/work}
mkdir -p "$work"
work=$(cd "$work" && pwd)
webadmin=http://127.0.0.1:8000

command -v java >/dev/null || { echo "quickstart: java 11+ is needed" >&2; exit 1; }
command -v mvn >/dev/null || { echo "quickstart: Apache Maven 3.6.3+ is needed" >&2; exit 1; }
command -v curl >/dev/null || { echo "quickstart: curl is needed" >&2; exit 1; }

cd "$here"
echo "quickstart: building MailPlex (tests skipped; run 'mvn -B verify' for them)"
mvn -B -q install -DskipTests

mkdir -p "$work/conf" "$work/extensions-jars"
if [[ ! -f "$work/conf/mailetcontainer.xml" || "${1:-}" == "--reset-conf" ]]; then
    cp james-conf/conf/* "$work/conf/"
    echo "quickstart: configuration copied to $work/conf (kept on later starts; --reset-conf refreshes it)"
fi
rm -f "$work"/extensions-jars/mailplex-*.jar
cp mailplex-matcher/target/mailplex-matcher-*[0-9T].jar mailplex-mailet/target/mailplex-mailet-*[0-9T].jar "$work/extensions-jars/"

# James's own classpath: the memory app and its dependencies, without MailPlex (it loads from extensions-jars).
mvn -B -q -pl james-conf dependency:build-classpath -Dmdep.outputFile="$work/james.classpath" -Dmdep.includeScope=test \
    -Dmdep.excludeGroupIds=org.mailplex,io.rest-assured,org.eclipse.angus,jakarta.mail,org.awaitility,net.jqwik,org.assertj

cd "$work"
java -Dworking.directory="$work" -Dlogback.configurationFile="$work/conf/logback.xml" \
    -cp "$(cat "$work/james.classpath")" org.apache.james.MemoryJamesServerMain &
james=$!
trap 'kill "$james" 2>/dev/null || true; wait "$james" 2>/dev/null || true' INT TERM EXIT

for _ in $(seq 1 180); do
    if curl -sf -o /dev/null "$webadmin/domains"; then break; fi
    if ! kill -0 "$james" 2>/dev/null; then echo "quickstart: James stopped during start (see its log above)" >&2; exit 1; fi
    sleep 1
done
curl -sf -o /dev/null "$webadmin/domains" || { echo "quickstart: James did not answer on $webadmin" >&2; exit 1; }

# The memory app keeps users in RAM: (re)create the demo users on every start.
for user in help alice bob carol; do
    curl -sf -o /dev/null -X PUT "$webadmin/users/$user@mailplex.local" -H 'Content-Type: application/json' -d '{"password":"secret"}' \
        || echo "quickstart: could not create $user@mailplex.local" >&2
done

cat <<BANNER

  James with MailPlex is up on 127.0.0.1 (Ctrl-C stops it)
    SMTP 2525   IMAP 1143   webadmin $webadmin
    plex      help@mailplex.local  ->  alice@mailplex.local, bob@mailplex.local   (password: secret)
    queue     $work/var/mail/mailplex/help/
    see README.md, "Play the walk-through"

BANNER
wait "$james"
