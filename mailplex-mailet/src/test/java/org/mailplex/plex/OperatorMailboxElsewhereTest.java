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
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.OperatorMailboxRegistry;
import org.mailplex.mailbox.OperatorMailboxes;
import org.mailplex.mailbox.UnreachableMailboxException;
import org.mailplex.matcher.MailPlexHeaders;

/**
 * A plex with an operator whose mailbox is elsewhere (a kind of this test's making, on the real
 * plex, release loop and journal): the same rule as for local ones, and a delivery that fails
 * after her server stored the mail, her server then gone, is settled once when it answers again.
 */
class OperatorMailboxElsewhereTest {
    private static final String DAVE = "dave@partner.org";

    @TempDir
    Path stateFolder;

    private final RemoteServer remote = new RemoteServer();
    private MemoryMailPlex james;

    /** Dave's server: what it stores, whether it answers, and whether an APPEND fails after storing the mail. */
    private static final class RemoteServer implements OperatorMailboxKind {
        private final List<String> stored = new CopyOnWriteArrayList<>();
        private final AtomicBoolean down = new AtomicBoolean();
        private final AtomicBoolean failAfterStoring = new AtomicBoolean();
        private final AtomicReference<Runnable> changed = new AtomicReference<>(() -> { });

        @Override
        public void validate(MailboxSpec spec) {
        }

        @Override
        public OperatorMailbox open(Target target) {
            changed.set(target.changed());
            return new OperatorMailbox() {
                @Override
                public long held(BusyWhen busyWhen) throws MailboxException {
                    requireUp();
                    return stored.size();
                }

                @Override
                public void deliver(Content content, Date internalDate) throws MailboxException {
                    requireUp();
                    stored.add(text(content));
                    if (failAfterStoring.getAndSet(false)) {
                        down.set(true);
                        throw new UnreachableMailboxException("connection reset after the APPEND was sent");
                    }
                }

                @Override
                public boolean holdsTicket(String key) throws MailboxException {
                    requireUp();
                    return stored.stream().anyMatch(mail -> mail.contains(MailPlexHeaders.TICKET + ": " + key + "\r\n"));
                }

                @Override
                public Optional<String> problem() {
                    return down.get() ? Optional.of("down") : Optional.empty();
                }

                @Override
                public void close() {
                }
            };
        }

        private void requireUp() throws UnreachableMailboxException {
            if (down.get()) {
                throw new UnreachableMailboxException("dave's server does not answer");
            }
        }

        private static String text(Content content) {
            try (InputStream in = content.getInputStream()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void answersAgain() {
            down.set(false);
            changed.get().run();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        OperatorMailboxRegistry registry = new OperatorMailboxRegistry(Map.of("remote", remote));
        james = MemoryMailPlex.builder(stateFolder).clock(Clock.systemUTC())
            .mailboxes((manager, users) -> new OperatorMailboxes(manager, users, registry))
            .build();
    }

    @AfterEach
    void tearDown() {
        james.close();
    }

    private Plex register() throws Exception {
        return james.register(PlexConfiguration.OPERATORS, DAVE + ", " + BOB, PlexConfiguration.OPERATOR_MAILBOXES, DAVE + " remote",
            PlexConfiguration.RECONCILE_INTERVAL, "200ms");
    }

    @Test
    void aRemoteOperatorShouldBeJudgedByTheSameRuleAsALocalOne() throws Exception {
        Plex plex = register();

        plex.park(mail("first"));
        plex.park(mail("second"));
        plex.park(mail("third"));

        await().untilAsserted(() -> {
            assertThat(remote.stored).hasSize(1);
            assertThat(james.subjects(BOB)).hasSize(1);
            assertThat(plex.queueDepth()).isEqualTo(1);
        });
        assertThat(remote.stored.get(0)).contains(MailPlexHeaders.OPERATOR + ": " + DAVE);

        remote.stored.clear();
        remote.changed.get().run();

        // the queue removal follows the delivery: both are awaited
        await().untilAsserted(() -> {
            assertThat(remote.stored).singleElement().asString().contains("Subject: third");
            assertThat(plex.queueDepth()).isZero();
        });
    }

    @Test
    void aDeliveryThatFailsAfterHerServerStoredItShouldBeSettledOnceWhenItAnswersAgain() throws Exception {
        Plex plex = register();
        james.administration().pause(plex, BOB);
        remote.failAfterStoring.set(true);

        plex.park(mail("in flight"));
        await().until(() -> remote.down.get());
        james.administration().resume(plex, BOB);

        // her server is gone: nobody can tell whether she has it, so nobody else gets it meanwhile
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(james.subjects(BOB)).isEmpty());
        assertThat(plex.queueDepth()).isEqualTo(1);
        assertThat(plex.operatorStates().stream().filter(operator -> operator.name().equals(DAVE)).findFirst().orElseThrow().available())
            .isFalse();

        remote.answersAgain();

        await().untilAsserted(() -> assertThat(plex.queueDepth()).isZero());
        assertThat(remote.stored).singleElement().asString().contains("Subject: in flight");
        assertThat(james.subjects(BOB)).isEmpty();
        await().untilAsserted(() -> assertThat(plex.recentReleases()).singleElement()
            .satisfies(release -> assertThat(release.operator()).isEqualTo(DAVE)));
    }
}
