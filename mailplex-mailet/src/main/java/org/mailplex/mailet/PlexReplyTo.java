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

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.mailplex.config.ConfigurationErrors;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.Plex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Lists;

/**
 * Makes customers' replies come back through the plex: when an operator answers a conversation the
 * plex gave them, the answer gets {@code Reply-To: <plex>} (unless it already has a Reply-To), so
 * the customer's next message reaches the shared address, where sticky routing hands it back to
 * the same operator.
 *
 * <p>Place it in the {@code transport} processor, after the {@code MailPlex} element of the same
 * plex and before delivery:</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.mailplex.mailet.PlexReplyTo">
 *     <plex>help@911.gov</plex>
 * </mailet>
 * }</pre>
 *
 * <p>An answer is a mail that James authenticated (SMTP AUTH) as an operator on the plex's roster,
 * whose {@code In-Reply-To} or {@code References} names a mail the plex delivered to that same
 * operator. The envelope sender alone proves nothing: anyone can claim it.</p>
 */
public class PlexReplyTo extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexReplyTo.class);
    public static final String PLEX = "plex";

    private final MailPlexService service;
    private MailAddress plex;

    @Inject
    public PlexReplyTo(MailPlexService service) {
        this.service = service;
    }

    @Override
    public void init() throws MessagingException {
        ConfigurationErrors.requireKnown(Lists.newArrayList(getInitParameterNames()), ImmutableSet.of(PLEX),
            ConfigurationErrors.IGNORED_BY_JAMES);
        String value = getInitParameter(PLEX);
        if (Strings.isNullOrEmpty(value) || value.isBlank()) {
            throw ConfigurationErrors.parameter(PLEX, "is required: the plex address");
        }
        try {
            plex = new MailAddress(value.trim());
        } catch (AddressException e) {
            throw ConfigurationErrors.parameter(PLEX, "'" + value.trim() + "' is not a valid mail address", e);
        }
        service.answerThroughPlex(plex);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Plex> plexOfThisMailet = service.plex(plex);
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (plexOfThisMailet.isEmpty() || sender.isEmpty()) {
            return;
        }
        Optional<MailAddress> operator = plexOfThisMailet.get().configuration().operator(sender.get());
        // anyone can say MAIL FROM:<alice@...>: only a mail James authenticated as that operator is hers
        if (operator.isEmpty() || !plexOfThisMailet.get().isAuthenticatedAs(mail, operator.get())) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (message.getHeader("Reply-To") != null) {
            return;
        }
        // and only for a conversation she holds
        Optional<String> handledBy = plexOfThisMailet.get().conversationOperator(mail)
            .filter(holder -> holder.equalsIgnoreCase(operator.get().asString()));
        if (handledBy.isPresent()) {
            message.setHeader("Reply-To", plex.asString());
            message.saveChanges();
            LOGGER.debug("Answer {} from {} gets Reply-To {}", mail.getName(), operator.get().asString(), plex.asString());
        }
    }

    @Override
    public String getMailetInfo() {
        return "PlexReplyTo: operators' answers carry Reply-To: the plex";
    }
}
