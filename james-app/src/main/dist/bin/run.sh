#!/bin/sh
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
