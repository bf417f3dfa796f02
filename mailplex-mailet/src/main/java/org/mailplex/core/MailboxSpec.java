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

package org.mailplex.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an operator's mail lives when it is not her watched mailbox in this James: a kind (the
 * name an {@code OperatorMailbox} factory is bound under, such as {@code imap} or {@code command})
 * and that kind's parameters, as the configuration or webadmin gave them. Parameters whose name
 * says they are secret ({@link #isSecret}: {@code password}) are never printed: {@link #toString}
 * and {@link #publicParameters} leave them out.
 */
public final class MailboxSpec {
    /** The parameter a kind reads its delivery mode from ({@code smtp} or {@code imap}). */
    public static final String DELIVER = "deliver";
    /** The secret parameter of the built-in kinds. */
    public static final String PASSWORD = "password";
    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9]*");

    private final String kind;
    private final Map<String, String> parameters;

    public MailboxSpec(String kind, Map<String, String> parameters) {
        if (kind == null || !NAME.matcher(kind).matches()) {
            throw new IllegalArgumentException("a mailbox kind is a word in lower case such as imap or command, got '" + kind + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNull(parameters, "parameters").forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("mailbox parameter names are words such as url or login, got '" + name + "'");
            }
            if (value == null || value.contains("\n") || value.contains("\t")) {
                throw new IllegalArgumentException("mailbox parameter " + name + " needs a value on one line");
            }
            copy.put(name, value);
        });
        this.kind = kind;
        this.parameters = Collections.unmodifiableMap(copy);
    }

    /** Whether a parameter of that name holds a secret (a password): never logged, never shown. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(PASSWORD) || lower.endsWith("secret") || lower.endsWith("token");
    }

    public String kind() {
        return kind;
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Every parameter, secrets included: for the mailbox that uses them and the store that keeps them, nobody else. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The parameters without the secrets, for webadmin and logs. */
    public Map<String, String> publicParameters() {
        Map<String, String> shown = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (!isSecret(name)) {
                shown.put(name, value);
            }
        });
        return Collections.unmodifiableMap(shown);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof MailboxSpec) {
            MailboxSpec that = (MailboxSpec) o;
            return kind.equals(that.kind) && parameters.equals(that.parameters);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, parameters);
    }

    @Override
    public String toString() {
        return kind + publicParameters();
    }
}
