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

package org.mailplex.plex;

import java.time.Clock;
import java.util.function.LongSupplier;

import javax.inject.Inject;

import org.mailplex.core.StepPauses;
import org.mailplex.reclaim.AwayOperators;
import org.mailplex.trace.TraceSigner;

/**
 * What every plex of this James shares: the clock, the durable state, away, the trace signer, the
 * one event stream and the step pauses (none, but in crash tests). One instance, injected.
 */
public final class PlexEnvironment {
    final Clock clock;
    final DurablePlexState state;
    final AwayOperators away;
    final TraceSigner signer;
    final PlexEventStream events;
    final StepPauses pauses;
    /** The monotonic tick source durations inside a run are measured on ({@link org.mailplex.core.SteadyClock}). */
    final LongSupplier ticker;

    @Inject
    public PlexEnvironment(Clock clock, DurablePlexState state, AwayOperators away, TraceSigner signer, PlexEventStream events,
                           StepPauses pauses) {
        this(clock, state, away, signer, events, pauses, System::nanoTime);
    }

    private PlexEnvironment(Clock clock, DurablePlexState state, AwayOperators away, TraceSigner signer, PlexEventStream events,
                            StepPauses pauses, LongSupplier ticker) {
        this.clock = clock;
        this.state = state;
        this.away = away;
        this.signer = signer;
        this.events = events;
        this.pauses = pauses;
        this.ticker = ticker;
    }

    /** The same, with durations measured on {@code ticker} (nanoseconds): a test's, which moves with its clock. */
    public PlexEnvironment withTicker(LongSupplier ticker) {
        return new PlexEnvironment(clock, state, away, signer, events, pauses, ticker);
    }

    public PlexEventStream events() {
        return events;
    }
}
