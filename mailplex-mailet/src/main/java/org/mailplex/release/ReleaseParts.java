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

package org.mailplex.release;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import org.apache.james.core.Username;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.StepPauses;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.SharedMailboxes;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.queue.StuckMails;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.state.ReleaseJournalStore;
import org.mailplex.trace.TraceSigner;


/**
 * The parts of one plex that its release loop and releaser work with, built once by the plex's
 * assembler ({@code plex.PlexAssembler}) and shared, never rebuilt.
 */
public final class ReleaseParts {
    public static Builder builder() {
        return new Builder();
    }

    /** Every part is required: {@link #build()} names the one missing. */
    public static final class Builder {
        private PlexConfiguration configuration;
        private PlexScheduler scheduler;
        private ParkedQueue queue;
        private StuckMails stuck;
        private ReleaseJournalStore journal;
        private OperatorMailboxes mailboxes;
        private SharedMailboxes shared;
        private Map<String, Username> usernames;
        private AwayOperators away;
        private Clock clock;
        private PlexEvents events;
        private TraceSigner signer;
        private StepPauses pauses = StepPauses.NONE;
        private BoundedCalls calls;
        private Clock steady;

        public Builder configuration(PlexConfiguration configuration) {
            this.configuration = configuration;
            return this;
        }

        public Builder scheduler(PlexScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder queue(ParkedQueue queue) {
            this.queue = queue;
            return this;
        }

        public Builder stuck(StuckMails stuck) {
            this.stuck = stuck;
            return this;
        }

        public Builder journal(ReleaseJournalStore journal) {
            this.journal = journal;
            return this;
        }

        public Builder mailboxes(OperatorMailboxes mailboxes) {
            this.mailboxes = mailboxes;
            return this;
        }

        public Builder shared(SharedMailboxes shared) {
            this.shared = shared;
            return this;
        }

        public Builder usernames(Map<String, Username> usernames) {
            this.usernames = usernames;
            return this;
        }

        public Builder away(AwayOperators away) {
            this.away = away;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder events(PlexEvents events) {
            this.events = events;
            return this;
        }

        public Builder signer(TraceSigner signer) {
            this.signer = signer;
            return this;
        }

        public Builder pauses(StepPauses pauses) {
            this.pauses = pauses;
            return this;
        }

        /** The plex's bound on mailbox and repository calls, shared with its reclaimer, admin actions and queue sync. */
        public Builder calls(BoundedCalls calls) {
            this.calls = calls;
            return this;
        }

        /** The clock durations are measured on ({@link org.mailplex.core.SteadyClock}); the wall clock when not given. */
        public Builder steady(Clock steady) {
            this.steady = steady;
            return this;
        }

        public ReleaseParts build() {
            return new ReleaseParts(this);
        }
    }

    final PlexConfiguration configuration;
    final PlexScheduler scheduler;
    final ParkedQueue queue;
    final StuckMails stuck;
    final ReleaseJournalStore journal;
    final OperatorMailboxes mailboxes;
    final SharedMailboxes shared;
    final Map<String, Username> usernames;
    final AwayOperators away;
    final Clock clock;
    final PlexEvents events;
    final TraceSigner signer;
    final StepPauses pauses;
    final BoundedCalls calls;
    final Clock steady;

    private ReleaseParts(Builder builder) {
        this.configuration = Objects.requireNonNull(builder.configuration, "configuration");
        this.scheduler = Objects.requireNonNull(builder.scheduler, "scheduler");
        this.queue = Objects.requireNonNull(builder.queue, "queue");
        this.stuck = Objects.requireNonNull(builder.stuck, "stuck");
        this.journal = Objects.requireNonNull(builder.journal, "journal");
        this.mailboxes = Objects.requireNonNull(builder.mailboxes, "mailboxes");
        this.shared = Objects.requireNonNull(builder.shared, "shared");
        this.usernames = Objects.requireNonNull(builder.usernames, "usernames");
        this.away = Objects.requireNonNull(builder.away, "away");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.events = Objects.requireNonNull(builder.events, "events");
        this.signer = Objects.requireNonNull(builder.signer, "signer");
        this.pauses = Objects.requireNonNull(builder.pauses, "pauses");
        this.calls = Objects.requireNonNull(builder.calls, "calls");
        this.steady = builder.steady != null ? builder.steady : this.clock;
    }
}
