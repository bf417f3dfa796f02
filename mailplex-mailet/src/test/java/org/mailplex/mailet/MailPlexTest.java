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

package org.mailplex.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplex.plex.MemoryMailPlex.ALICE;
import static org.mailplex.plex.MemoryMailPlex.BOB;
import static org.mailplex.plex.MemoryMailPlex.CAROL;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.address;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;
import static org.mailplex.plex.MemoryMailPlex.mailTo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.matcher.MailPlexHeaders;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

/** The MailPlex mailet with James's test mailet context, on a real MailPlexService over James's in-memory parts. */
class MailPlexTest {
    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private FakeMailContext context;
    private MailPlex mailet;

    @BeforeEach
    void setUp() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).build();
        context = FakeMailContext.defaultContext();
        mailet = new MailPlex(james.service());
    }

    @AfterEach
    void tearDown() {
        mailet.destroy();
        james.close();
    }

    /** The default plex's element, changed by {@code overrides} (name, value, ...); a null value removes. */
    private FakeMailetConfig config(String... overrides) {
        Map<String, String> parameters = MemoryMailPlex.defaultParameters();
        for (int index = 0; index < overrides.length; index += 2) {
            if (overrides[index + 1] == null) {
                parameters.remove(overrides[index]);
            } else {
                parameters.put(overrides[index], overrides[index + 1]);
            }
        }
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("MailPlex").mailetContext(context);
        parameters.forEach(config::setProperty);
        return config.build();
    }

    /** Starts the plex with both operators paused: what is parked stays parked. */
    private Plex initPaused(String... overrides) throws MessagingException {
        mailet.init(config(overrides));
        Plex plex = james.plex();
        james.administration().pause(plex, ALICE);
        james.administration().pause(plex, BOB);
        return plex;
    }

    @Nested
    class Init {
        @Test
        void initShouldRefuseAMisspeltParameterNamingIt() {
            assertThatThrownBy(() -> mailet.init(config("stikcy", "true")))
                .isInstanceOf(MessagingException.class)
                .hasMessageStartingWith("MailPlex parameter 'stikcy' is not a parameter of this element");
            assertThat(james.service().plexes()).isEmpty();
        }

        @Test
        void initShouldRefuseABadValueNamingTheParameter() {
            assertThatThrownBy(() -> mailet.init(config(PlexConfiguration.CAPACITY, "0")))
                .isInstanceOf(MessagingException.class)
                .hasMessage("MailPlex parameter 'capacity' capacity must be at least 1, got 0");
        }

        @Test
        void initShouldRefuseAMissingAccountNamingIt() {
            assertThatThrownBy(() -> mailet.init(config(PlexConfiguration.ACCOUNT, null)))
                .isInstanceOf(MessagingException.class)
                .hasMessage("MailPlex parameter 'account' is required");
        }

        /** Was an IllegalStateException: initCause on a javax.mail MessagingException, which already holds its cause. */
        @Test
        void initShouldRefuseARepositoryProtocolJamesDoesNotServe() {
            assertThatThrownBy(() -> mailet.init(config(PlexConfiguration.REPOSITORY_PATH, "file://var/mail/mailplex/help/")))
                .isInstanceOf(MessagingException.class)
                .hasMessageStartingWith("MailPlex parameter 'repositoryPath' cannot open file://var/mail/mailplex/help "
                    + "(is protocol 'file' registered in mailrepositorystore.xml?)");
        }

        @Test
        void initShouldRefuseASecondElementForTheSamePlex() throws Exception {
            mailet.init(config());
            MailPlex second = new MailPlex(james.service());

            assertThatThrownBy(() -> second.init(config(PlexConfiguration.REPOSITORY_PATH, "memory://var/mail/mailplex/other/")))
                .isInstanceOf(MessagingException.class)
                .hasMessage("MailPlex parameter 'account' " + PLEX + " is configured by two MailPlex mailets; use one element per plex");
        }

        @Test
        void initShouldRefuseAPlexAmongTheOperatorsOfAnother() throws Exception {
            mailet.init(config());
            MailPlex sales = new MailPlex(james.service());

            assertThatThrownBy(() -> sales.init(config(PlexConfiguration.ACCOUNT, "sales@mailplex.local",
                    PlexConfiguration.OPERATORS, CAROL + ", " + PLEX,
                    PlexConfiguration.REPOSITORY_PATH, "memory://var/mail/mailplex/sales/")))
                .isInstanceOf(MessagingException.class)
                .hasMessageStartingWith("MailPlex parameter 'operators' of plex sales@mailplex.local lists " + PLEX);
        }

        @Test
        void initShouldStartThePlexAndDestroyStopIt() throws Exception {
            mailet.init(config());
            assertThat(james.service().plex(address(PLEX))).isPresent();
            assertThat(mailet.getMailetInfo()).contains(PLEX);

            mailet.destroy();

            assertThat(james.service().plex(address(PLEX))).isEmpty();
        }
    }

    @Nested
    class RequiredProcessingState {
        @Test
        void shouldBeNoneBeforeInit() {
            assertThat(mailet.requiredProcessingState()).isEmpty();
        }

        @Test
        void shouldBeNoneWithoutMaxParked() throws Exception {
            mailet.init(config());

            assertThat(mailet.requiredProcessingState()).isEmpty();
        }

        @Test
        void shouldBeTheOverflowProcessorWithMaxParked() throws Exception {
            mailet.init(config(PlexConfiguration.MAX_PARKED, "10", PlexConfiguration.OVERFLOW_PROCESSOR, "plex-full"));

            assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("plex-full"));
        }

        @Test
        void shouldBeErrorWithMaxParkedAlone() throws Exception {
            mailet.init(config(PlexConfiguration.MAX_PARKED, "10"));

            assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("error"));
        }
    }

    @Nested
    class Service {
        @Test
        void serviceShouldParkAMailForThePlexAloneAndGhostIt() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mail("first");

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.GHOST);
            assertThat(plex.queueDepth()).isEqualTo(1);
            assertThat(james.queue().size()).isEqualTo(1);
        }

        @Test
        void serviceShouldParkThePlexPartAndPassTheOtherRecipientsOn() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mailTo("first", CAROL, PLEX, BOB);
            mail.setState(Mail.TRANSPORT);

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.TRANSPORT);
            assertThat(mail.getRecipients()).containsExactly(address(CAROL), address(BOB));
            assertThat(plex.queueDepth()).isEqualTo(1);
        }

        @Test
        void serviceShouldLeaveAMailNotForThePlexAlone() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mailTo("first", CAROL);
            mail.setState(Mail.TRANSPORT);

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.TRANSPORT);
            assertThat(mail.getRecipients()).containsExactly(address(CAROL));
            assertThat(plex.queueDepth()).isZero();
        }

        @Test
        void serviceShouldSetAsideAMailThisPlexDeliveredComingBack() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mailTo("first", PLEX, CAROL);
            mail.setState(Mail.TRANSPORT);
            String key = "1764237600000-000000-0000000a";
            mail.getMessage().setHeader(MailPlexHeaders.PLEX, PLEX);
            mail.getMessage().setHeader(MailPlexHeaders.TICKET, key);
            mail.getMessage().setHeader(MailPlexHeaders.SIGNATURE, james.signer().sign(PLEX, key, org.mailplex.trace.MessageBinding.of(mail.getMessage())));

            mailet.service(mail);

            assertThat(plex.queueDepth()).isZero();
            assertThat(plex.stuckCount()).isEqualTo(1);
            assertThat(james.metricFactory().countFor(org.mailplex.admin.PlexMetrics.LOOPS + PLEX)).isEqualTo(1);
            // admins see why it was set aside
            assertThat(james.administration().stuck(plex, 0, 10)).singleElement()
                .satisfies(stuck -> assertThat(stuck.reason()).contains(org.mailplex.queue.StuckMails.LOOP));
            // the other recipients go on as usual, the mail itself unchanged
            assertThat(mail.getState()).isEqualTo(Mail.TRANSPORT);
            assertThat(mail.getRecipients()).containsExactly(address(CAROL));
            assertThat(mail.getErrorMessage()).isNull();
        }

        @Test
        void serviceShouldParkAMailCarryingAGenuineTraceCopiedFromAnotherMail() throws Exception {
            Plex plex = initPaused();
            james.administration().resume(plex, ALICE);
            plex.park(mail("first"));
            MemoryMailPlex.await().until(() -> plex.recentReleases().size() == 1);
            javax.mail.internet.MimeMessage delivered = new javax.mail.internet.MimeMessage(null,
                new java.io.ByteArrayInputStream(james.inbox(ALICE).get(0)));
            // the genuine trace block of the first mail (an operator's redirect leaks it), copied onto another mail
            FakeMail replay = mail("second");
            for (String header : List.of(MailPlexHeaders.PLEX, MailPlexHeaders.TICKET, MailPlexHeaders.SIGNATURE)) {
                replay.getMessage().setHeader(header, delivered.getHeader(header)[0]);
            }
            replay.getMessage().saveChanges();

            mailet.service(replay);

            assertThat(replay.getState()).isEqualTo(Mail.GHOST);
            assertThat(plex.stuckCount()).isZero();
            assertThat(plex.queueDepth()).isEqualTo(1);
        }

        @Test
        void serviceShouldParkAMailWhoseTraceIsForgedWithoutTheForgedHeaders() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mail("first");
            mail.getMessage().setHeader(MailPlexHeaders.PLEX, PLEX);
            mail.getMessage().setHeader(MailPlexHeaders.TICKET, "1764237600000-000000-0000000a");
            mail.getMessage().setHeader(MailPlexHeaders.SIGNATURE, "0123456789abcdef0123456789abcdef");
            mail.getMessage().saveChanges();

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.GHOST);
            assertThat(plex.queueDepth()).isEqualTo(1);
            assertThat(plex.stuckCount()).isZero();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            james.queue().retrieve(james.queue().list().next()).getMessage().writeTo(bytes);
            String parked = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(parked).doesNotContainIgnoringCase("X-MailPlex-").contains("Subject: first");
        }

        @Test
        void serviceShouldParkAMailAnotherPlexDelivered() throws Exception {
            Plex plex = initPaused();
            FakeMail mail = mail("first");
            mail.getMessage().setHeader(MailPlexHeaders.PLEX, "sales@mailplex.local");

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.GHOST);
            assertThat(plex.queueDepth()).isEqualTo(1);
        }

        @Test
        void aParkedMailShouldReachAFreeOperator() throws Exception {
            mailet.init(config());

            mailet.service(mail("first"));

            await().untilAsserted(() -> assertThat(james.subjects(ALICE)).containsExactly("first"));
            // removed from the queue right after the delivery
            await().untilAsserted(() -> assertThat(james.queue().size()).isZero());
        }
    }

    @Nested
    class Overflow {
        @Test
        void aMailPastMaxParkedShouldGoToTheOverflowProcessor() throws Exception {
            Plex plex = initPaused(PlexConfiguration.MAX_PARKED, "1", PlexConfiguration.OVERFLOW_PROCESSOR, "plex-full");
            mailet.service(mail("first"));
            FakeMail second = mail("second");

            mailet.service(second);

            assertThat(second.getState()).isEqualTo(Mail.GHOST);
            assertThat(plex.queueDepth()).isEqualTo(1);
            assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
                assertThat(sent.getState()).isEqualTo("plex-full");
                assertThat(sent.getRecipients()).containsExactly(address(PLEX));
                assertThat(sent.getSubject()).contains("second");
            });
        }

        @Test
        void anOverflowingMailShouldStillReachItsOtherRecipients() throws Exception {
            initPaused(PlexConfiguration.MAX_PARKED, "1");
            mailet.service(mail("first"));
            FakeMail second = mailTo("second", PLEX, CAROL);
            second.setState(Mail.TRANSPORT);

            mailet.service(second);

            assertThat(second.getState()).isEqualTo(Mail.TRANSPORT);
            assertThat(second.getRecipients()).containsExactly(address(CAROL));
            assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
                assertThat(sent.getState()).isEqualTo(PlexConfiguration.DEFAULT_OVERFLOW_PROCESSOR);
                assertThat(sent.getRecipients()).containsExactly(address(PLEX));
            });
        }

        @Test
        void mailsUpToMaxParkedShouldBeParked() throws Exception {
            Plex plex = initPaused(PlexConfiguration.MAX_PARKED, "2");

            mailet.service(mail("first"));
            mailet.service(mail("second"));

            assertThat(plex.queueDepth()).isEqualTo(2);
            assertThat(context.getSentMails()).isEmpty();
        }
    }
}
