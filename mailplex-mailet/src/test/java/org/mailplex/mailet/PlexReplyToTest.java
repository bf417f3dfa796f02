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
import static org.mailplex.plex.MemoryMailPlex.CUSTOMER;
import static org.mailplex.plex.MemoryMailPlex.PLEX;
import static org.mailplex.plex.MemoryMailPlex.await;
import static org.mailplex.plex.MemoryMailPlex.mail;

import java.nio.file.Path;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplex.plex.MemoryMailPlex;
import org.mailplex.plex.Plex;

/**
 * PlexReplyTo with James's test mailet context, on a real plex that delivered a conversation to
 * alice: {@code <first@example.org>}.
 */
class PlexReplyToTest {
    private static final String CONVERSATION = "<first@example.org>";

    @TempDir
    Path stateFolder;

    private MemoryMailPlex james;
    private MailPlex plexMailet;
    private PlexReplyTo mailet;

    @BeforeEach
    void setUp() throws Exception {
        james = MemoryMailPlex.builder(stateFolder).build();
        plexMailet = new MailPlex(james.service());
        FakeMailetConfig.Builder plexConfig = FakeMailetConfig.builder().mailetName("MailPlex")
            .mailetContext(FakeMailContext.defaultContext());
        MemoryMailPlex.defaultParameters().forEach(plexConfig::setProperty);
        plexMailet.init(plexConfig.build());
        mailet = new PlexReplyTo(james.service());
    }

    @AfterEach
    void tearDown() {
        plexMailet.destroy();
        james.close();
    }

    private static FakeMailetConfig config(Map<String, String> parameters) {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("PlexReplyTo")
            .mailetContext(FakeMailContext.defaultContext());
        parameters.forEach(config::setProperty);
        return config.build();
    }

    /** The plex gives {@value #CONVERSATION} to alice, who is first on the roster. */
    private void deliverTheConversation() throws Exception {
        Plex plex = james.plex();
        plex.park(mail("first"));
        // counted once the release is complete, conversation remembered
        await().until(() -> james.state().state(PLEX).dispatched(ALICE) == 1);
    }

    private static FakeMail answer(String from, String... headers) throws Exception {
        return answer(MaybeSender.getMailSender(from), headers);
    }

    private static FakeMail answer(MaybeSender from, String... headers) throws Exception {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder()
            .setSubject("Re: first")
            .setText("We are on it.");
        for (int index = 0; index < headers.length; index += 2) {
            message.addHeader(headers[index], headers[index + 1]);
        }
        return FakeMail.builder().name("answer").sender(from).recipient(CUSTOMER).mimeMessage(message).build();
    }

    /** As James's SMTP server marks a mail whose client authenticated as {@code user}. */
    private static FakeMail authenticatedAs(String user, FakeMail mail) {
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(user)));
        return mail;
    }

    private static String replyTo(FakeMail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        return message.getHeader("Reply-To", ",");
    }

    @Test
    void anOperatorsAnswerInAConversationOfThePlexShouldGetReplyToThePlex() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail answer = authenticatedAs(ALICE, answer(ALICE, "In-Reply-To", CONVERSATION));

        mailet.service(answer);

        assertThat(replyTo(answer)).isEqualTo(PLEX);
    }

    @Test
    void anAnswerThatOnlyClaimsTheOperatorsAddressShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail forged = answer(ALICE, "In-Reply-To", CONVERSATION);

        mailet.service(forged);

        assertThat(replyTo(forged)).isNull();
    }

    @Test
    void anAnswerAuthenticatedAsAnotherUserShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail forged = authenticatedAs(CAROL, answer(ALICE, "In-Reply-To", CONVERSATION));

        mailet.service(forged);

        assertThat(replyTo(forged)).isNull();
    }

    @Test
    void anOperatorsAnswerInAConversationAnotherOperatorHoldsShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail answer = authenticatedAs(BOB, answer(BOB, "In-Reply-To", CONVERSATION));

        mailet.service(answer);

        assertThat(replyTo(answer)).isNull();
    }

    /**
     * Mail addresses are one user whatever the case of their local part, as everywhere else in
     * James (MailAddress.equals, Username) and MailPlex (the roster's duplicate check, the routes).
     */
    @Test
    void anAnswerFromTheOperatorSpeltInCapitalsShouldGetReplyTo() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail answer = authenticatedAs(ALICE, answer("ALICE@mailplex.local", "In-Reply-To", CONVERSATION));

        mailet.service(answer);

        assertThat(replyTo(answer)).isEqualTo(PLEX);
    }

    @Test
    void anAnswerNamingTheConversationInReferencesShouldGetReplyTo() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail answer = authenticatedAs(ALICE, answer(ALICE, "References", CONVERSATION + " <later@example.org>"));

        mailet.service(answer);

        assertThat(replyTo(answer)).isEqualTo(PLEX);
    }

    @Test
    void anExistingReplyToShouldNeverBeOverridden() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail answer = answer(ALICE, "In-Reply-To", CONVERSATION, "Reply-To", "alice.private@example.org");

        mailet.service(answer);

        assertThat(replyTo(answer)).isEqualTo("alice.private@example.org");
    }

    @Test
    void aMailFromSomeoneOffTheRosterShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail mail = answer(CAROL, "In-Reply-To", CONVERSATION);

        mailet.service(mail);

        assertThat(replyTo(mail)).isNull();
    }

    @Test
    void anOperatorsMailOutsideTheConversationsOfThePlexShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail mail = answer(ALICE, "In-Reply-To", "<private@example.org>");

        mailet.service(mail);

        assertThat(replyTo(mail)).isNull();
    }

    @Test
    void aMailWithoutSenderShouldBeLeftAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        deliverTheConversation();
        FakeMail bounce = answer(MaybeSender.nullSender(), "In-Reply-To", CONVERSATION);

        mailet.service(bounce);

        assertThat(replyTo(bounce)).isNull();
    }

    @Test
    void aConversationDeliveredBeforeAnyPlexReplyToShouldNotBeRemembered() throws Exception {
        deliverTheConversation();
        mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX)));
        FakeMail answer = answer(ALICE, "In-Reply-To", CONVERSATION);

        mailet.service(answer);

        assertThat(replyTo(answer)).isNull();
    }

    @Test
    void aPlexThatIsNotRunningShouldLeaveMailAlone() throws Exception {
        mailet.init(config(Map.of(PlexReplyTo.PLEX, "sales@mailplex.local")));
        deliverTheConversation();
        FakeMail answer = answer(ALICE, "In-Reply-To", CONVERSATION);

        mailet.service(answer);

        assertThat(replyTo(answer)).isNull();
    }

    @Test
    void initShouldRefuseAMissingPlexNamingIt() {
        assertThatThrownBy(() -> mailet.init(config(Map.of())))
            .isInstanceOf(MessagingException.class)
            .hasMessage("MailPlex parameter 'plex' is required: the plex address");
    }

    @Test
    void initShouldRefuseAnUnknownParameterNamingIt() {
        assertThatThrownBy(() -> mailet.init(config(Map.of(PlexReplyTo.PLEX, PLEX, "plexx", PLEX))))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("MailPlex parameter 'plexx' is not a parameter of this element");
    }

    /** ConfigurationErrors.parameter(name, problem, cause) cannot set a cause on a javax.mail MessagingException. */
    @Test
    void initShouldRefuseAnInvalidAddressNamingThePlexParameter() {
        assertThatThrownBy(() -> mailet.init(config(Map.of(PlexReplyTo.PLEX, "help@@mailplex.local"))))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("MailPlex parameter 'plex' 'help@@mailplex.local' is not a valid mail address");
    }
}
