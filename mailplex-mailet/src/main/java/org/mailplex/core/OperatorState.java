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

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler knows of one operator at one instant. Immutable snapshot, safe to hand to
 * webadmin or logs.
 */
public final class OperatorState {
    private final String name;
    private final int rosterIndex;
    private final int capacity;
    private final Optional<Long> observedHeld;
    private final int inFlight;
    private final Optional<Instant> freeSince;
    private final boolean paused;
    private final boolean away;
    private final boolean available;
    private final boolean onDuty;
    private final boolean refusing;

    private OperatorState(Builder builder) {
        this.name = builder.name;
        this.rosterIndex = builder.rosterIndex;
        this.capacity = builder.capacity;
        this.observedHeld = builder.observedHeld;
        this.inFlight = builder.inFlight;
        this.freeSince = builder.freeSince;
        this.paused = builder.paused;
        this.away = builder.away;
        this.available = builder.available;
        this.onDuty = builder.onDuty;
        this.refusing = builder.refusing;
    }

    static Builder builder() {
        return new Builder();
    }

    /** The rule's snapshot of one operator, field by field. */
    static final class Builder {
        private String name;
        private int rosterIndex;
        private int capacity;
        private Optional<Long> observedHeld = Optional.empty();
        private int inFlight;
        private Optional<Instant> freeSince = Optional.empty();
        private boolean paused;
        private boolean away;
        private boolean available = true;
        private boolean onDuty = true;
        private boolean refusing;

        Builder name(String name) {
            this.name = name;
            return this;
        }

        Builder rosterIndex(int rosterIndex) {
            this.rosterIndex = rosterIndex;
            return this;
        }

        Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        Builder observedHeld(Optional<Long> observedHeld) {
            this.observedHeld = observedHeld;
            return this;
        }

        Builder inFlight(int inFlight) {
            this.inFlight = inFlight;
            return this;
        }

        Builder freeSince(Optional<Instant> freeSince) {
            this.freeSince = freeSince;
            return this;
        }

        Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        Builder away(boolean away) {
            this.away = away;
            return this;
        }

        Builder available(boolean available) {
            this.available = available;
            return this;
        }

        Builder onDuty(boolean onDuty) {
            this.onDuty = onDuty;
            return this;
        }

        Builder refusing(boolean refusing) {
            this.refusing = refusing;
            return this;
        }

        OperatorState build() {
            return new OperatorState(this);
        }
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    /** Held messages as last read from the mailbox, empty until the first reading. */
    public Optional<Long> observedHeld() {
        return observedHeld;
    }

    /** Mails assigned whose delivery has not completed yet. */
    public int inFlight() {
        return inFlight;
    }

    /** Held as the rule counts it: the last reading plus mails assigned since. */
    public long held() {
        return observedHeld.orElse(0L) + inFlight;
    }

    public Optional<Instant> freeSince() {
        return freeSince;
    }

    public boolean paused() {
        return paused;
    }

    /** A mail of theirs stayed unopened past {@code reclaimAfter} and was taken back; they lift it themselves. */
    public boolean away() {
        return away;
    }

    /** False while deliveries to this operator fail; the release loop retries on its reconcile tick. */
    public boolean available() {
        return available;
    }

    /** False while off shift or absent (her schedule and absences). */
    public boolean onDuty() {
        return onDuty;
    }

    /** Her mailbox refuses mail after mail (quota full): she gets nothing until it takes mail again. */
    public boolean refusing() {
        return refusing;
    }

    /** Known, not paused, not away, available, on duty, not refusing, and holding fewer mails than its capacity. */
    public boolean eligible() {
        return observedHeld.isPresent() && !paused && !away && available && onDuty && !refusing && held() < capacity;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof OperatorState) {
            OperatorState that = (OperatorState) o;
            return rosterIndex == that.rosterIndex && capacity == that.capacity && inFlight == that.inFlight
                && paused == that.paused && away == that.away && available == that.available && onDuty == that.onDuty && refusing == that.refusing
                && name.equals(that.name)
                && observedHeld.equals(that.observedHeld) && freeSince.equals(that.freeSince);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, rosterIndex, capacity, observedHeld, inFlight, freeSince, paused, away, available, onDuty, refusing);
    }

    @Override
    public String toString() {
        return name + "{held=" + held() + ", capacity=" + capacity + ", freeSince=" + freeSince.orElse(null)
            + ", paused=" + paused + ", away=" + away + ", available=" + available + ", onDuty=" + onDuty + ", refusing=" + refusing + "}";
    }
}
