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

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator of a roster with her settings: capacity, reclaimAfter (empty: never taken back) and
 * her operator mailbox (empty: her watched mailbox in this James; otherwise a {@link MailboxSpec}).
 */
public final class RosterEntry {
    private final String operator;
    private final int capacity;
    private final Optional<Duration> reclaimAfter;
    private final Optional<MailboxSpec> mailbox;

    public RosterEntry(String operator, int capacity, Optional<Duration> reclaimAfter) {
        this(operator, capacity, reclaimAfter, Optional.empty());
    }

    public RosterEntry(String operator, int capacity, Optional<Duration> reclaimAfter, Optional<MailboxSpec> mailbox) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("an operator needs an address");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("operator " + operator + " needs a capacity of at least 1, got " + capacity);
        }
        this.operator = operator;
        this.capacity = capacity;
        this.reclaimAfter = Objects.requireNonNull(reclaimAfter, "reclaimAfter");
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
    }

    /** Her operator mailbox when it is not her watched mailbox in this James. */
    public Optional<MailboxSpec> mailbox() {
        return mailbox;
    }

    /** This entry with another operator mailbox (empty: her mailbox in this James). */
    public RosterEntry withMailbox(Optional<MailboxSpec> other) {
        return new RosterEntry(operator, capacity, reclaimAfter, other);
    }

    public String operator() {
        return operator;
    }

    public int capacity() {
        return capacity;
    }

    public Optional<Duration> reclaimAfter() {
        return reclaimAfter;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof RosterEntry) {
            RosterEntry that = (RosterEntry) o;
            return capacity == that.capacity && operator.equals(that.operator) && reclaimAfter.equals(that.reclaimAfter)
                && mailbox.equals(that.mailbox);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operator, capacity, reclaimAfter, mailbox);
    }

    @Override
    public String toString() {
        return operator + "{capacity=" + capacity + reclaimAfter.map(after -> ", reclaimAfter=" + after).orElse("")
            + mailbox.map(spec -> ", mailbox=" + spec).orElse("") + "}";
    }
}
