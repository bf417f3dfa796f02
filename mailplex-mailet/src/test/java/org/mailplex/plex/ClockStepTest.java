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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.time.Duration;
import java.time.Instant;

import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.MutableClock;
import org.mailplex.reclaim.Reclaimer;

import com.google.common.collect.ObjectArrays;

/**
 * Wall-clock steps (an NTP step, a VM resumed) inside a run: durations are measured on a
 * monotonic source ({@link MutableClock#ticks()} here, {@code System.nanoTime()} in James), so a
 * step takes nothing back and marks nobody away; and a pass takes back at most
 * {@value Reclaimer#MAX_RECLAIMS_PER_PASS} mails, whatever the clocks say.
 */
class ClockStepTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private Plex register(String... overrides) throws Exception {
        return memory.james().register(ObjectArrays.concat(new String[] {PlexConfiguration.RECLAIM_AFTER, "30m"}, overrides,
            String.class));
    }

    private static void holdsThroughout(ThrowingConsumer<Void> assertion) {
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .untilAsserted(() -> assertion.accept(null));
    }

    @Test
    void aForwardWallClockStepShouldTakeNothingBackNorMarkAnyoneAway() throws Exception {
        MemoryMailPlex james = memory.james();
        Plex plex = register(PlexConfiguration.RECONCILE_INTERVAL, "100ms");
        plex.park(mail("first"));
        plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);

        memory.clock().step(Duration.ofHours(2));

        holdsThroughout(nothing -> {
            assertThat(plex.recentReleases()).hasSize(2);
            assertThat(james.away().isAway(ALICE)).isFalse();
            assertThat(james.away().isAway(BOB)).isFalse();
            assertThat(plex.queueDepth()).isZero();
        });

        // thirty-one minutes that really pass: both mails are due now
        memory.clock().advance(Duration.ofMinutes(31));

        await().until(() -> james.away().isAway(ALICE) && james.away().isAway(BOB) && plex.queueDepth() == 2);
    }

    @Test
    void aPassShouldTakeBackAtMostTheCapAndTheNextPassTheRest() throws Exception {
        MemoryMailPlex james = memory.james();
        Plex plex = register(PlexConfiguration.RECONCILE_INTERVAL, "1h", PlexConfiguration.OPERATORS, ALICE + ":20, " + BOB);
        james.administration().pause(plex, BOB);
        int mails = Reclaimer.MAX_RECLAIMS_PER_PASS + 2;
        for (int i = 0; i < mails; i++) {
            plex.park(mail("mail " + i));
        }
        await().until(() -> plex.recentReleases().size() == mails);
        memory.clock().advance(Duration.ofMinutes(31));

        assertThat(plex.reclaimDue(Duration.ofSeconds(10))).isEqualTo(Reclaimer.MAX_RECLAIMS_PER_PASS);
        assertThat(plex.queueDepth()).isEqualTo(Reclaimer.MAX_RECLAIMS_PER_PASS);

        assertThat(plex.reclaimDue(Duration.ofSeconds(10))).isEqualTo(2);
        assertThat(plex.queueDepth()).isEqualTo(mails);
        assertThat(james.away().isAway(ALICE)).isTrue();
    }
}
