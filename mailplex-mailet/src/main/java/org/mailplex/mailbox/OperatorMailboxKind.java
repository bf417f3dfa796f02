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

package org.mailplex.mailbox;

import java.time.Duration;
import java.util.Objects;

import org.mailplex.core.MailboxSpec;

/**
 * A kind of operator mailbox, bound under its name (the {@code kind} of a {@link MailboxSpec}) in
 * a Guice map: the built-in {@code imap} and {@code command}, and whatever a site's own module
 * adds with
 *
 * <pre>{@code
 * MapBinder.newMapBinder(binder(), String.class, OperatorMailboxKind.class)
 *     .addBinding("mykind").to(MyKind.class);
 * }</pre>
 *
 * An operator with no mailbox spec keeps her watched mailbox in this James (the default, local kind).
 */
public interface OperatorMailboxKind {
    /**
     * Checks a spec of this kind; fails with {@link IllegalArgumentException} naming the parameter
     * that is wrong or missing (shown to the admin as is: never put a secret's value in it).
     */
    void validate(MailboxSpec spec);

    /** Opens the mailbox of one operator; cheap and non-blocking (connect in the background). */
    OperatorMailbox open(Target target);

    /** The operator a mailbox is opened for, and what MailPlex gives it. */
    final class Target {
        private final String operator;
        private final MailboxSpec spec;
        private final Runnable changed;
        private final Duration callTimeout;

        public Target(String operator, MailboxSpec spec, Runnable changed, Duration callTimeout) {
            this.operator = Objects.requireNonNull(operator, "operator");
            this.spec = Objects.requireNonNull(spec, "spec");
            this.changed = Objects.requireNonNull(changed, "changed");
            this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        }

        /** Her address. */
        public String operator() {
            return operator;
        }

        public MailboxSpec spec() {
            return spec;
        }

        /** Call it whenever her load may have changed: MailPlex re-reads {@link OperatorMailbox#held} soon after. */
        public Runnable changed() {
            return changed;
        }

        /** How long MailPlex waits for one call; give up on your own before it. */
        public Duration callTimeout() {
            return callTimeout;
        }
    }
}
