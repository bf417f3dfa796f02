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

package org.mailplex.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IsMailPlexRecipientTest {
    private static final String HELP = "help@911.gov";
    private static final String SALES = "sales@911.gov";

    private IsMailPlexRecipient matcher;

    @BeforeEach
    void setUp() throws Exception {
        matcher = new IsMailPlexRecipient();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsMailPlexRecipient").condition(HELP + ", " + SALES).build());
    }

    private static FakeMail mail(MimeMessageBuilder message, String... recipients) throws MessagingException {
        return FakeMail.builder().name("mail").mimeMessage(message).recipients(recipients).build();
    }

    private static MimeMessageBuilder plain() {
        return MimeMessageBuilder.mimeMessageBuilder().setSubject("hello").setText("body");
    }

    @Test
    void matchShouldReturnTheWholeMailSoThatJamesDoesNotSplitIt() throws Exception {
        assertThat(matcher.match(mail(plain(), HELP, "carol@911.gov")))
            .containsExactly(new MailAddress(HELP), new MailAddress("carol@911.gov"));
    }

    @Test
    void matchShouldReturnEveryPlexOfTheCondition() throws Exception {
        assertThat(matcher.match(mail(plain(), HELP, SALES)))
            .containsExactlyInAnyOrder(new MailAddress(HELP), new MailAddress(SALES));
    }

    @Test
    void matchShouldIgnoreCaseOfTheAddress() throws Exception {
        assertThat(matcher.match(mail(plain(), "HELP@911.GOV"))).hasSize(1);
    }

    @Test
    void matchShouldReturnEmptyNeverNullWhenNoPlexRecipient() throws Exception {
        assertThat(matcher.match(mail(plain(), "carol@911.gov"))).isNotNull().isEmpty();
    }

    @Test
    void matchShouldMatchAMailCarryingTraceHeadersSoThatTheMailetChecksTheirSignature() throws Exception {
        MimeMessageBuilder traced = plain().addHeader(MailPlexHeaders.PLEX, HELP).addHeader(MailPlexHeaders.PLEX, SALES);
        assertThat(matcher.match(mail(traced, HELP, SALES, "carol@911.gov")))
            .containsExactly(new MailAddress(HELP), new MailAddress(SALES), new MailAddress("carol@911.gov"));
    }

    @Test
    void initShouldRejectAMissingCondition() {
        IsMailPlexRecipient unconfigured = new IsMailPlexRecipient();
        assertThatThrownBy(() -> unconfigured.init(FakeMatcherConfig.builder().matcherName("IsMailPlexRecipient").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("condition");
    }

    @Test
    void initShouldRejectAnInvalidAddress() {
        IsMailPlexRecipient badlyConfigured = new IsMailPlexRecipient();
        assertThatThrownBy(() -> badlyConfigured.init(FakeMatcherConfig.builder().matcherName("IsMailPlexRecipient").condition("not an address").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("not an address");
    }
}
