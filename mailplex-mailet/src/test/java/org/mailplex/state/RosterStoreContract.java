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

package org.mailplex.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;

/** What every {@link RosterStore} must do; each implementation's test extends this. */
public abstract class RosterStoreContract {
    static final String PLEX = "help@mailplex.local";
    static final String OTHER_PLEX = "sales@mailplex.local";
    static final RosterEntry ALICE = new RosterEntry("alice@mailplex.local", 1, Optional.empty());
    static final RosterEntry BOB = new RosterEntry("bob@mailplex.local", 3, Optional.of(Duration.ofMinutes(30)));

    protected abstract RosterStore store();

    @Test
    void loadShouldBeEmptyForAPlexNeverSaved() throws Exception {
        assertThat(store().load(PLEX)).isEmpty();
    }

    @Test
    void loadShouldReturnWhatWasSavedInOrder() throws Exception {
        store().save(PLEX, List.of(BOB, ALICE));

        assertThat(store().load(PLEX)).contains(List.of(BOB, ALICE));
    }

    @Test
    void saveShouldReplaceThePreviousRoster() throws Exception {
        store().save(PLEX, List.of(BOB, ALICE));
        store().save(PLEX, List.of(ALICE));

        assertThat(store().load(PLEX)).contains(List.of(ALICE));
    }

    @Test
    void deleteShouldBringBackNoRoster() throws Exception {
        store().save(PLEX, List.of(ALICE));

        store().delete(PLEX);

        assertThat(store().load(PLEX)).isEmpty();
    }

    @Test
    void deletingARosterNeverSavedShouldDoNothing() throws Exception {
        store().delete(PLEX);

        assertThat(store().load(PLEX)).isEmpty();
    }

    @Test
    void plexesShouldBeIndependent() throws Exception {
        store().save(PLEX, List.of(ALICE));
        store().save(OTHER_PLEX, List.of(BOB));

        assertThat(store().load(PLEX)).contains(List.of(ALICE));
        assertThat(store().load(OTHER_PLEX)).contains(List.of(BOB));
    }

    @Test
    void oddButValidAddressesShouldRoundTrip() throws Exception {
        RosterEntry quoted = new RosterEntry("\"john doe\"@mailplex.local", 2, Optional.of(Duration.ofMillis(1500)));
        RosterEntry plus = new RosterEntry("support+fr%x@mailplex.local", 1, Optional.empty());

        store().save("\"odd plex\"@mailplex.local", List.of(quoted, plus));

        assertThat(store().load("\"odd plex\"@mailplex.local")).contains(List.of(quoted, plus));
    }

    @Test
    void anOperatorsMailboxElsewhereShouldRoundTripWithEveryParameter() throws Exception {
        RosterEntry dave = new RosterEntry("dave@partner.org", 1, Optional.empty(), Optional.of(new MailboxSpec("imap",
            Map.of("url", "imaps://imap.partner.org/INBOX", "login", "dave", "password", "s3cret&=?%é", "deliver", "smtp"))));
        RosterEntry erin = new RosterEntry("erin@partner.org", 2, Optional.of(Duration.ofMinutes(5)),
            Optional.of(new MailboxSpec("command", Map.of("command", "/usr/local/bin/isfree"))));

        store().save(PLEX, List.of(ALICE, dave, erin));

        assertThat(store().load(PLEX)).contains(List.of(ALICE, dave, erin));
    }
}
