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

package org.mailplex.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mailplex.core.Assignment;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Roster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision while {@code followUps} follow-ups wait for a paused operator (a flood on
 * one conversation, its operator away): the decision must not scan them. Bob takes an ordinary
 * mail, empties his mailbox, and the mail is parked again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class StickyFloodBenchmark {
    private static final String ALICE = "alice@mailplex.local";
    private static final String BOB = "bob@mailplex.local";

    @Param({"10", "10000", "100000"})
    public int followUps;

    private PlexScheduler scheduler;
    private String ordinary;

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = new PlexScheduler(Roster.of(List.of(ALICE, BOB), 1), Clock.systemUTC());
        scheduler.observe(ALICE, 0);
        scheduler.observe(BOB, 0);
        scheduler.pause(ALICE);
        QueueKeys keys = new QueueKeys(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), "0be4c000");
        ordinary = keys.next();
        scheduler.park(ordinary);
        for (int i = 0; i < followUps; i++) {
            scheduler.parkFor(keys.next(), ALICE);
        }
    }

    @Benchmark
    public Assignment decision() {
        Assignment assignment = scheduler.next().orElseThrow();
        scheduler.complete(assignment);
        scheduler.observe(BOB, 0);
        scheduler.park(assignment.key());
        return assignment;
    }
}
