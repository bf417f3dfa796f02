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
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * One routing decision of {@link PlexScheduler} in steady state: {@code next()} (oldest ticket to
 * the operator free the longest), {@code complete()} (delivered), {@code observe(op, 0)} (the
 * operator emptied the mailbox: free again, at the back of the line) and {@code park()} of the
 * same ticket so the queue keeps its size. Every operator has capacity 1 and is free.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PlexSchedulerBenchmark {
    @Param({"1000", "10000", "100000"})
    public int tickets;

    @Param({"10", "100", "1000"})
    public int operators;

    private PlexScheduler scheduler;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> names = IntStream.range(0, operators)
            .mapToObj(i -> String.format(Locale.ROOT, "op%04d@mailplex.local", i))
            .collect(Collectors.toList());
        scheduler = new PlexScheduler(Roster.of(names, 1), Clock.systemUTC());
        names.forEach(name -> scheduler.observe(name, 0));
        QueueKeys keys = new QueueKeys(Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC), "0be4c000");
        for (int i = 0; i < tickets; i++) {
            scheduler.park(keys.next());
        }
    }

    @Benchmark
    public Assignment decision() {
        Assignment assignment = scheduler.next().orElseThrow();
        scheduler.complete(assignment);
        scheduler.observe(assignment.operator(), 0);
        scheduler.park(assignment.key());
        return assignment;
    }
}
