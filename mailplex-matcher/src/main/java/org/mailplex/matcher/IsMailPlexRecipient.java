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
import java.util.Collection;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * Matches a mail with a MailPlex account among its recipients. Whether it is a loop (a mail
 * MailPlex delivered, sent back to its plex) is the {@code MailPlex} mailet's to decide: only it
 * can check the trace's signature, and a trace header from outside proves nothing.
 *
 * <p>The condition is the plex address, or several separated by commas. A matching mail is
 * matched whole, all its recipients: James would otherwise split it, and the split copy is
 * re-serialised before MailPlex sees it. The {@code MailPlex} mailet parks the plex's copy byte
 * for byte and passes the mail on to its other recipients.</p>
 *
 * <pre>{@code
 * <mailet match="org.mailplex.matcher.IsMailPlexRecipient=help@911.gov" class="org.mailplex.mailet.MailPlex">
 *     <account>help@911.gov</account>
 *     <operators>alice@911.gov, bob@911.gov</operators>
 *     <repositoryPath>file://var/mail/mailplex/help/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class IsMailPlexRecipient extends GenericMatcher {
    private ImmutableSet<MailAddress> plexes;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (Strings.isNullOrEmpty(condition) || condition.isBlank()) {
            throw new MessagingException("IsMailPlexRecipient needs the plex address as its condition, "
                + "e.g. IsMailPlexRecipient=help@911.gov");
        }
        ImmutableSet.Builder<MailAddress> builder = ImmutableSet.builder();
        for (String address : Arrays.asList(condition.split(","))) {
            builder.add(parse(address.trim()));
        }
        plexes = builder.build();
    }

    private static MailAddress parse(String address) throws MessagingException {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new MessagingException("IsMailPlexRecipient condition: '" + address + "' is not a valid mail address", e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        ImmutableList<MailAddress> plexRecipients = mail.getRecipients().stream()
            .filter(plexes::contains)
            .collect(ImmutableList.toImmutableList());
        if (plexRecipients.isEmpty()) {
            return ImmutableList.of();
        }
        // The whole mail, so that James does not split it: a split copy is re-serialised (headers
        // re-encoded, Date and MIME-Version added) before MailPlex could park it byte for byte.
        return ImmutableList.copyOf(mail.getRecipients());
    }

    @Override
    public String getMatcherInfo() {
        return "Matches mail for MailPlex accounts";
    }
}
