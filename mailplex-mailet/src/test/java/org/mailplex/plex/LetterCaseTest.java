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
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.state.AwayBook;
import org.mailplex.state.FileAwayStore;
import org.mailplex.state.FilePlexStateStore;
import org.mailplex.state.PlexFolders;

/**
 * An operator or a plex spelt in other letter cases is one operator and one plex: one canonical,
 * lower-case form in the roster, state, folders, away and pauses, from the configuration and from
 * files an older version wrote.
 */
class LetterCaseTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final String SALES = "sales@" + MemoryMailPlex.DOMAIN;

    @RegisterExtension
    final MemoryMailPlexExtension memory = new MemoryMailPlexExtension(START);

    private static String upper(String address) {
        return Character.toUpperCase(address.charAt(0)) + address.substring(1);
    }

    @Test
    void operatorsAndPlexesShouldBeKeptInLowerCase() throws Exception {
        Plex plex = memory.james().register(PlexConfiguration.ACCOUNT, upper(PLEX),
            PlexConfiguration.OPERATORS, upper(ALICE) + ", " + BOB.toUpperCase());

        assertThat(plex.name()).isEqualTo(PLEX);
        assertThat(plex.operators()).containsExactly(ALICE, BOB);
    }

    @Test
    void anOperatorSpeltInOtherCaseOnAnotherPlexShouldBeAwayThereToo() throws Exception {
        MemoryMailPlex james = memory.james();
        Plex help = james.register(PlexConfiguration.OPERATORS, upper(ALICE), PlexConfiguration.RECONCILE_INTERVAL, "100ms",
            PlexConfiguration.RECLAIM_AFTER, "30m");
        Plex sales = james.service().register(MemoryMailPlex.configuration(PlexConfiguration.ACCOUNT, SALES,
            PlexConfiguration.OPERATORS, ALICE + ", " + BOB, PlexConfiguration.REPOSITORY_PATH, "memory://var/mail/mailplex/sales/"));
        help.park(mail("first"));
        await().until(() -> help.recentReleases().size() == 1);

        memory.clock().advance(Duration.ofMinutes(31));

        // away in every plex: the one that took her mail back, and the one that spells her otherwise
        await().until(() -> help.operatorState(ALICE).away() && sales.operatorState(ALICE).away());
        assertThat(james.away().isAway(ALICE)).isTrue();
    }

    @Test
    void stateAnOlderVersionWroteInOtherCasesShouldSurvive() throws Exception {
        Path root = memory.stateFolder();
        // an older version kept the plex's folder and its operators as the configuration spelt them
        Path older = Files.createDirectories(root.resolve(upper(PLEX)));
        Files.writeString(older.resolve("state.tsv"), "mailplex-state\t1\npaused\t" + upper(BOB) + "\n");
        new FileAwayStore(new PlexFolders(root)).save(new AwayBook(Map.of(upper(ALICE), START), List.of()));

        assertThat(new FilePlexStateStore(new PlexFolders(root)).load(upper(PLEX)).paused()).containsExactly(BOB);
        assertThat(root.resolve(PLEX)).isDirectory();
        assertThat(older).doesNotExist();

        MemoryMailPlex james = memory.rebuild(memory.builder());
        Plex plex = james.register(PlexConfiguration.ACCOUNT, upper(PLEX), PlexConfiguration.OPERATORS, ALICE + ", " + upper(BOB));
        assertThat(james.away().isAway(ALICE)).isTrue();
        assertThat(plex.operatorState(ALICE).away()).isTrue();
        assertThat(james.administration().plex(address(upper(PLEX))).name()).isEqualTo(PLEX);
    }
}
