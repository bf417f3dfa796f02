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

package org.mailplex.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.core.Schedule;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.MemoryMailPlexExtension;
import org.mailplex.plex.Plex;

class PlexReportsTest {
    /** A Sunday. */
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    /** Bob works Monday mornings only: not on shift at any time of the day before START. */
    private static final OperatorCalendar MONDAYS = new OperatorCalendar(
        Optional.of(Schedule.parse("UTC", Map.of("MONDAY", List.of("08:00-12:00")))), List.of());

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private Plex twoMailsToAlice() throws Exception {
        MemoryMailPlex james = memory.james();
        Plex plex = james.register(PlexConfiguration.RECONCILE_INTERVAL, "1h");
        james.administration().pause(plex, BOB);
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        james.empty(ALICE);
        plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);
        return plex;
    }

    @Test
    void fairnessShouldCountEveryOperatorOnShiftDuringTheDay() throws Exception {
        Plex plex = twoMailsToAlice();

        assertThat(new PlexReports(memory.clock(), operator -> OperatorCalendar.ALWAYS).lastDay(plex).fairness()).isEqualTo(0.5);
    }

    @Test
    void fairnessShouldLeaveOutAnOperatorOffShiftAllDay() throws Exception {
        Plex plex = twoMailsToAlice();

        PlexReports reports = new PlexReports(memory.clock(), operator -> operator.equals(BOB) ? MONDAYS : OperatorCalendar.ALWAYS);

        assertThat(reports.lastDay(plex).fairness()).isEqualTo(1.0);
    }
}
