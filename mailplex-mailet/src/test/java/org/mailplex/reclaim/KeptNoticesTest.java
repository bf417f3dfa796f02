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

package org.mailplex.reclaim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.MemoryMailPlexExtension;
import org.mailplex.plex.Plex;

/**
 * The away book remembers only the notices of current absences: a notice an operator read and
 * kept after she came back is forgotten (its keyword keeps it out of her held count), so the book
 * and the away file stay the same size whatever the number of absences.
 */
class KeptNoticesTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final int ABSENCES = 3;

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    @Test
    void noticesKeptAfterTheOperatorIsBackShouldBeForgottenAndStillNotCountAsHeld() throws Exception {
        MemoryMailPlex james = memory.james();
        Plex plex = james.register(PlexConfiguration.OPERATORS, ALICE, PlexConfiguration.RECONCILE_INTERVAL, "100ms",
            PlexConfiguration.RECLAIM_AFTER, "30m", PlexConfiguration.MAX_RECLAIMS, "10");
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);

        for (int absence = 1; absence <= ABSENCES; absence++) {
            memory.clock().advance(Duration.ofMinutes(31));
            int notices = absence;
            await().until(() -> james.away().isAway(ALICE)
                && james.subjects(ALICE).stream().filter(subject -> subject.contains("you are away")).count() == notices);
            // she reads the notice and keeps it; the mail taken back comes to her again
            james.readAll(ALICE);
            int releases = absence + 1;
            await().until(() -> !james.away().isAway(ALICE) && plex.recentReleases().size() == releases);
        }

        await().untilAsserted(() -> assertThat(james.away().notices(ALICE)).isEmpty());
        assertThat(james.subjects(ALICE)).hasSize(ABSENCES + 1)
            .filteredOn(subject -> subject.contains("you are away")).hasSize(ABSENCES);
        // the three notices she keeps are not mail she holds: she holds the one mail
        await().until(() -> plex.scheduler().operator(ALICE).observedHeld().orElse(-1L) == 1);
        assertThat(awayFileMentionsANotice(memory.stateFolder())).isFalse();
    }

    /** The away file (away.tsv) holds a notice record. */
    private static boolean awayFileMentionsANotice(Path stateFolder) throws Exception {
        Path file = stateFolder.resolve("away.tsv");
        return Files.exists(file) && Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("notice\t"));
    }
}
