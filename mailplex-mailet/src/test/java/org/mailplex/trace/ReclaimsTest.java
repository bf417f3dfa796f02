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

package org.mailplex.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReclaimsTest {
    private static final Instant AT = Instant.parse("2026-12-06T08:30:15Z");

    @Test
    void anEntryShouldNameTheOperatorAndTheInstant() {
        String entry = Reclaims.entry("alice@911.gov", AT);

        assertThat(entry).isEqualTo("alice@911.gov; Sun, 6 Dec 2026 08:30:15 GMT");
        assertThat(Reclaims.operator(entry)).isEqualTo("alice@911.gov");
        assertThat(Reclaims.at(entry)).contains(AT);
    }

    @Test
    void anOperatorWithASemicolonShouldNotForgeTheInstant() {
        String entry = Reclaims.entry("eve;Mon, 1 Jan 2001 00:00:00 GMT", AT);

        assertThat(Reclaims.at(entry)).contains(AT);
        assertThat(Reclaims.operator(entry)).isEqualTo("eve?Mon, 1 Jan 2001 00:00:00 GMT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@911.gov", "alice@911.gov; yesterday", "alice@911.gov;", "; "})
    void anEntryThatCannotBeReadShouldHaveNoInstant(String entry) {
        assertThat(Reclaims.at(entry)).isEmpty();
    }

    @Test
    void entriesShouldTravelWithTheParkedMailInOrder() throws Exception {
        List<String> entries = List.of(Reclaims.entry("bob@911.gov", AT.plusSeconds(60)), Reclaims.entry("alice@911.gov", AT));
        FakeMail mail = FakeMail.builder().name("parked").build();

        mail.setAttribute(Reclaims.attribute(entries));

        assertThat(Reclaims.of(mail)).containsExactlyElementsOf(entries);
    }

    @Test
    void aMailNeverTakenBackShouldHaveNoEntries() throws Exception {
        assertThat(Reclaims.of(FakeMail.builder().name("fresh").build())).isEmpty();
    }
}
