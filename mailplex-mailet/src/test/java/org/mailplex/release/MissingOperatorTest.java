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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.core.Username;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.Release;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;
import org.mailplex.webadmin.dto.OperatorDto;

/** A roster operator who is not a James user is shown as unavailable, gets nothing, and takes mail once the user exists. */
class MissingOperatorTest {
    private static final String DAVE = "dave@" + MemoryMailPlex.DOMAIN;

    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;

    @AfterEach
    void tearDown() {
        if (james != null) {
            james.close();
        }
    }

    @Test
    void anOperatorWhoIsNoJamesUserShouldBeUnavailableUntilTheUserExists() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).build();
        Plex plex = james.register(PlexConfiguration.OPERATORS, DAVE + ", " + ALICE, PlexConfiguration.RECONCILE_INTERVAL, "100ms");

        await().until(() -> OperatorDto.UNAVAILABLE.equals(OperatorDto.status(plex.scheduler().operator(DAVE))));
        plex.park(mail("first"));
        await().until(() -> plex.recentReleases().size() == 1);
        assertThat(plex.recentReleases()).extracting(Release::operator).containsExactly(ALICE);
        // ticks go by: she stays unavailable, nothing is tried on her
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
            .until(() -> OperatorDto.UNAVAILABLE.equals(OperatorDto.status(plex.scheduler().operator(DAVE))));

        james.users().addUser(Username.of(DAVE), "secret");

        await().until(() -> OperatorDto.FREE.equals(OperatorDto.status(plex.scheduler().operator(DAVE))));
        plex.park(mail("second"));
        await().until(() -> plex.recentReleases().size() == 2);
        assertThat(plex.recentReleases()).extracting(Release::operator).containsExactly(ALICE, DAVE);
    }
}
