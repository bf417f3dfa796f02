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

package org.mailplex.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.rawMessage;
import static org.mailplex.plex.MemoryMailPlex.verbatim;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.core.BusyWhen;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.trace.TraceHeaders;
import org.mailplex.trace.TracedMessage;

import reactor.core.publisher.Mono;

/** Operators' mailboxes on James's in-memory mailbox manager and {@code MemoryUsersRepository}. */
class OperatorMailboxesTest {
    private static final Username ALICE_USER = Username.of(ALICE);
    private static final Username NOT_A_USER = Username.of("dave@mailplex.local");
    private static final String KEY = "1764064800000-000000-0a0b0c0d";
    private static final Instant PARKED_AT = Instant.parse("2025-11-25T10:00:00Z");
    private static final Date DELIVERED_AT = Date.from(Instant.parse("2025-11-25T10:05:00Z"));

    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private OperatorMailboxes mailboxes;

    @BeforeEach
    void setUp() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).build();
        mailboxes = james.mailboxes();
    }

    @AfterEach
    void tearDown() {
        james.close();
    }

    private TracedMessage traced(String subject) throws Exception {
        return new TracedMessage(TraceHeaders.lines(address(PLEX), ALICE, KEY, PARKED_AT, "0123456789abcdef0123456789abcdef"),
            verbatim(rawMessage(subject, "<" + subject + "@example.org>")));
    }

    private static byte[] bytes(TracedMessage message) throws Exception {
        try (InputStream in = message.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private boolean mailboxExists(Username user, String mailbox) {
        MailboxManager manager = james.mailboxManager();
        MailboxSession session = manager.createSystemSession(user);
        return Mono.from(manager.mailboxExists(MailboxPath.forUser(user, mailbox), session)).block();
    }

    @Test
    void heldShouldBeZeroForAMailboxNeverCreated() throws Exception {
        assertThat(mailboxExists(ALICE_USER, "INBOX")).isFalse();

        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.MESSAGES, List.of())).isZero();
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.UNSEEN, List.of())).isZero();
    }

    @Test
    void heldShouldCountEveryMessageWhenBusyWhenMessages() throws Exception {
        james.append(ALICE, "one");
        james.append(ALICE, "two");
        james.readAll(ALICE);

        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.MESSAGES, List.of())).isEqualTo(2);
    }

    @Test
    void heldShouldCountOnlyUnseenMessagesWhenBusyWhenUnseen() throws Exception {
        james.append(ALICE, "one");
        james.append(ALICE, "two");
        james.readAll(ALICE);
        james.append(ALICE, "three");

        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.UNSEEN, List.of())).isEqualTo(1);
    }

    @Test
    void aMessageFlaggedDeletedShouldNotCountAsHeldInEitherMode() throws Exception {
        james.append(ALICE, "one");
        james.append(ALICE, "two");
        james.append(ALICE, "three");
        james.flagDeleted(ALICE, 2);

        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.MESSAGES, List.of())).isEqualTo(1);
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.UNSEEN, List.of())).isEqualTo(1);

        james.readAll(ALICE);
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.MESSAGES, List.of())).isEqualTo(1);
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.UNSEEN, List.of())).isZero();
    }

    @Test
    void heldShouldReadTheWatchedMailboxOnly() throws Exception {
        james.append(ALICE, "own mail");
        mailboxes.deliver(ALICE_USER, "Plex", traced("first"), DELIVERED_AT);
        mailboxes.deliver(ALICE_USER, "Plex", traced("second"), DELIVERED_AT);

        assertThat(mailboxes.held(ALICE_USER, "Plex", BusyWhen.MESSAGES, List.of())).isEqualTo(2);
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.MESSAGES, List.of())).isEqualTo(1);
    }

    @Test
    void deliverShouldCreateAMissingMailbox() throws Exception {
        mailboxes.deliver(ALICE_USER, "Plex", traced("first"), DELIVERED_AT);

        assertThat(mailboxExists(ALICE_USER, "Plex")).isTrue();
        assertThat(james.messages(ALICE, "Plex")).hasSize(1);
    }

    @Test
    void deliverShouldAppendTheTracedMessageByteForByte() throws Exception {
        TracedMessage message = traced("first");

        mailboxes.deliver(ALICE_USER, "INBOX", message, DELIVERED_AT);

        assertThat(james.inbox(ALICE)).singleElement().isEqualTo(bytes(message));
    }

    @Test
    void tracedMessageShouldBeTheTraceLinesThenTheParkedBytes() throws Exception {
        TracedMessage message = traced("first");

        String expected = "X-MailPlex-Plex: " + PLEX + "\r\n"
            + "X-MailPlex-Operator: " + ALICE + "\r\n"
            + "X-MailPlex-Queued-At: Tue, 25 Nov 2025 10:00:00 GMT\r\n"
            + "X-MailPlex-Ticket: " + KEY + "\r\n"
            + "X-MailPlex-Signature: 0123456789abcdef0123456789abcdef\r\n"
            + new String(rawMessage("first", "<first@example.org>"), StandardCharsets.UTF_8);
        assertThat(new String(bytes(message), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(message.size()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void deliveredMessageShouldBeUnseenAndCarryTheInternalDate() throws Exception {
        mailboxes.deliver(ALICE_USER, "INBOX", traced("first"), DELIVERED_AT);

        MailboxManager manager = james.mailboxManager();
        MailboxSession session = manager.createSystemSession(ALICE_USER);
        List<Date> internalDates = new ArrayList<>();
        manager.getMailbox(MailboxPath.inbox(ALICE_USER), session)
            .getMessages(MessageRange.all(), FetchGroup.MINIMAL, session)
            .forEachRemaining(result -> internalDates.add(result.getInternalDate()));
        assertThat(internalDates).containsExactly(DELIVERED_AT);
        assertThat(mailboxes.held(ALICE_USER, "INBOX", BusyWhen.UNSEEN, List.of())).isEqualTo(1);
    }

    @Test
    void deliverShouldRefuseAnOperatorWhoIsNoJamesUser() throws Exception {
        assertThatThrownBy(() -> mailboxes.deliver(NOT_A_USER, "INBOX", traced("first"), DELIVERED_AT))
            .isInstanceOf(OperatorMailboxes.NotAUserException.class)
            .hasMessageContaining("dave@mailplex.local is not a James user");

        assertThat(mailboxExists(NOT_A_USER, "INBOX")).isFalse();
    }

    @Test
    void deliverShouldRefuseAUserRemovedSinceTheRosterWasRead() throws Exception {
        Username alice = mailboxes.username(address(ALICE));
        james.users().removeUser(alice);

        assertThatThrownBy(() -> mailboxes.deliver(alice, "INBOX", traced("first"), DELIVERED_AT))
            .isInstanceOf(OperatorMailboxes.NotAUserException.class);
    }

    @Test
    void usernameShouldBeTheWholeAddressWithVirtualHosting() throws Exception {
        assertThat(mailboxes.username(address(ALICE))).isEqualTo(ALICE_USER);
    }
}
