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

import java.util.Arrays;
import java.util.Locale;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

/**
 * Trace headers MailPlex puts on every mail it delivers, so that operators and admins can see the
 * route, and so that a delivered mail sent back to its plex is recognised as a loop.
 */
public final class MailPlexHeaders {
    /** The plex address the mail was sent to, e.g. {@code help@911.gov}. */
    public static final String PLEX = "X-MailPlex-Plex";
    /** The operator who was given the mail. */
    public static final String OPERATOR = "X-MailPlex-Operator";
    /** When the mail was parked, RFC 1123 date-time. */
    public static final String QUEUED_AT = "X-MailPlex-Queued-At";
    /** The queue key of the mail, for admins. */
    public static final String TICKET = "X-MailPlex-Ticket";

    private static final Logger LOGGER = LoggerFactory.getLogger(MailPlexHeaders.class);

    private MailPlexHeaders() {
    }

    /**
     * The plexes (lower case) named by the {@value #PLEX} headers of a mail: a mail MailPlex
     * delivered that comes back to one of them is a loop, never parked again.
     */
    public static ImmutableSet<String> deliveredBy(Mail mail) {
        try {
            String[] values = mail.getMessage().getHeader(PLEX);
            if (values == null) {
                return ImmutableSet.of();
            }
            return Arrays.stream(values)
                .map(value -> value.trim().toLowerCase(Locale.US))
                .collect(ImmutableSet.toImmutableSet());
        } catch (MessagingException e) {
            LOGGER.debug("Could not read the headers of mail {}, treating it as new", mail.getName(), e);
            return ImmutableSet.of();
        }
    }

    /** True when {@code mail} was delivered by {@code plex} and is on its way back to it. */
    public static boolean isLoop(Mail mail, MailAddress plex) {
        return deliveredBy(mail).contains(plex.asString().toLowerCase(Locale.US));
    }
}
