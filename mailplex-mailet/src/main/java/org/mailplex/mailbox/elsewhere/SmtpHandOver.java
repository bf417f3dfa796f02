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

package org.mailplex.mailbox.elsewhere;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.mailet.MailetContext;

/**
 * Hands a released mail to James's outgoing pipeline, addressed to the operator, as the seed's
 * {@code resend.pl} did: the mail keeps its trace headers ({@code X-MailPlex-Ticket} and the rest)
 * and goes through the spool straight into the processor named by the kind's {@value #PROCESSOR}
 * parameter ({@value #DEFAULT_PROCESSOR} by default: the one whose {@code RemoteDelivery} sends
 * mail out). Not through {@code root} and {@code transport}: there {@code RemoveMimeHeader} strips
 * MailPlex's trace headers from every mail, as forged ones are on incoming mail. Its envelope
 * sender is the original sender (the {@code Return-Path} MailPlex wrote); the {@code Return-Path}
 * and {@code Delivered-To} lines of a local delivery are left to the server that delivers it. It
 * is addressed to the operator, never to the plex, so it does not come back to the plex.
 */
public class SmtpHandOver {
    /** The parameter naming the processor a handed-over mail starts in. */
    public static final String PROCESSOR = "processor";
    public static final String DEFAULT_PROCESSOR = "relay";

    private final Provider<MailetContext> context;

    @Inject
    public SmtpHandOver(Provider<MailetContext> context) {
        this.context = context;
    }

    /** Returns once James's spool holds the mail, to start in {@code processor}. */
    public void send(String operator, Content content, String processor) throws MailboxException {
        try (InputStream in = content.getInputStream()) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            MailAddress sender = sender(message.getHeader("Return-Path", null));
            message.removeHeader("Return-Path");
            message.removeHeader("Delivered-To");
            message.saveChanges();
            context.get().sendMail(sender, List.of(new MailAddress(operator)), message, processor);
        } catch (MessagingException | IOException e) {
            throw new MailboxException("MailPlex could not hand the mail for " + operator + " to James's outgoing pipeline: "
                + e.getMessage(), e);
        }
    }

    /** {@code <a@b>} to a@b; the null sender for {@code <>} or none. */
    private static MailAddress sender(String returnPath) {
        if (returnPath == null) {
            return MailAddress.nullSender();
        }
        String address = returnPath.trim().replaceAll("^<|>$", "");
        try {
            return address.isEmpty() ? MailAddress.nullSender() : new MailAddress(address);
        } catch (AddressException e) {
            return MailAddress.nullSender();
        }
    }
}
