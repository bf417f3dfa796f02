/****************************************************************
 * Licensed to the Apache Software Foundation (ASF) under one   *
 * or more contributor license agreements.  See the NOTICE file *
 * distributed with this work for additional information        *
 * regarding copyright ownership.  The ASF licenses this file   *
 * to you under the Apache License, Version 2.0 (the            *
 * "License"); you may not use this file except in compliance   *
 * with the License.  You may obtain a copy of the License at   *
 *                                                              *
 *   http://www.apache.org/licenses/LICENSE-2.0                 *
 *                                                              *
 * Unless required by applicable law or agreed to in writing,   *
 * software distributed under the License is distributed on an  *
 * "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY       *
 * KIND, either express or implied.  See the License for the    *
 * specific language governing permissions and limitations      *
 * under the License.                                           *
 ****************************************************************/

package org.mailplex.mailbox.elsewhere;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.mailplex.core.MailboxSpec;

/** Reading the parameters of a built-in kind: unknown names refused by name, durations such as 30s or 2m. */
final class Settings {
    private Settings() {
    }

    static void requireKnown(MailboxSpec spec, Set<String> known) {
        for (String name : spec.parameters().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' for a " + spec.kind() + " mailbox; known: "
                    + new TreeSet<>(known));
            }
        }
    }

    static String required(MailboxSpec spec, String name) {
        return spec.parameter(name).filter(value -> !value.isBlank())
            .orElseThrow(() -> new IllegalArgumentException("a " + spec.kind() + " mailbox needs " + name));
    }

    /** 500ms, 30s, 2m, or ISO-8601 (PT30S). */
    static Duration duration(String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("pt")) {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
        }
        if (trimmed.endsWith("ms")) {
            return Duration.ofMillis(number(value, trimmed.substring(0, trimmed.length() - 2)));
        }
        if (trimmed.endsWith("s")) {
            return Duration.ofSeconds(number(value, trimmed.substring(0, trimmed.length() - 1)));
        }
        if (trimmed.endsWith("m")) {
            return Duration.ofMinutes(number(value, trimmed.substring(0, trimmed.length() - 1)));
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 30s or 2m");
    }

    private static long number(String value, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 30s or 2m");
        }
    }
}
