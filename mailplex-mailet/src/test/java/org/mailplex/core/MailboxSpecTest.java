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

package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MailboxSpecTest {
    private static final MailboxSpec DAVE = new MailboxSpec("imap", Map.of("url", "imaps://imap.partner.org/INBOX", "login", "dave",
        "password", "s3cret", "passwordFile", "/etc/james/dave.password"));

    @Test
    void toStringShouldNeverPrintASecret() {
        assertThat(DAVE.toString()).contains("imaps://imap.partner.org/INBOX").contains("passwordFile").doesNotContain("s3cret");
        assertThat(new RosterEntry("dave@partner.org", 1, Optional.empty(), Optional.of(DAVE)).toString()).doesNotContain("s3cret");
    }

    @Test
    void publicParametersShouldLeaveOutPasswordsSecretsAndTokensButNotThePasswordFile() {
        MailboxSpec spec = new MailboxSpec("mine", Map.of("apiToken", "t", "clientSecret", "c", "password", "p", "passwordFile", "/f"));

        assertThat(spec.publicParameters()).containsOnlyKeys("passwordFile");
        assertThat(spec.parameters()).hasSize(4);
    }

    @Test
    void aSpecShouldRefuseAKindOrNameThatIsNoWordAndAValueOnSeveralLines() {
        assertThatThrownBy(() -> new MailboxSpec("IMAP", Map.of())).hasMessageContaining("kind");
        assertThatThrownBy(() -> new MailboxSpec("imap", Map.of("my url", "x"))).hasMessageContaining("names");
        assertThatThrownBy(() -> new MailboxSpec("imap", Map.of("url", "a\nb"))).hasMessageContaining("one line");
    }

    @Test
    void rosterEntriesWithDifferentMailboxesShouldDiffer() {
        RosterEntry local = new RosterEntry("dave@partner.org", 1, Optional.empty());

        assertThat(local.withMailbox(Optional.of(DAVE))).isNotEqualTo(local);
        assertThat(local.withMailbox(Optional.of(DAVE)).withMailbox(Optional.empty())).isEqualTo(local);
    }
}
