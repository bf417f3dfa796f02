#!/bin/sh
# Starts this James 3.8.1 memory server, with MailPlex, in the foreground (Ctrl-C stops it).
# The folder is James's working directory: conf/, extensions-jars/, lib/, and var/ (created on start).
# Extra JVM flags: JAVA_OPTS="-Xmx1g" bin/run.sh
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# shellcheck disable=SC2086
exec java $JAVA_OPTS \
    -Dworking.directory="$here" \
    -Dlogback.configurationFile="$here/conf/logback.xml" \
    -cp "$here/lib/*" \
    org.apache.james.MemoryJamesServerMain "$@"
