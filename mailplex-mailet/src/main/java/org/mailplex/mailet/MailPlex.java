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

import java.util.Collection;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.Plex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Lists;

/**
 * Parks mail sent to a shared address (a plex) in a James mail repository; the plex's release loop
 * then releases each mail to the operator whose watched mailbox has been empty the longest.
 *
 * <p>One element per plex. The plex account's part of a mail is parked once and ghosted; other
 * recipients go on through the pipeline as usual. A mail this plex delivered that comes back to
 * it (its trace signed by this installation) is a loop, set aside with the stuck mails; a trace
 * header arriving from outside is forged, and the parked copy leaves it out.</p>
 *
 * <pre>{@code
 * <mailet match="org.mailplex.matcher.IsMailPlexRecipient=help@911.gov" class="org.mailplex.mailet.MailPlex">
 *     <account>help@911.gov</account>
 *     <operators>alice@911.gov, bob@911.gov</operators>
 *     <repositoryPath>file://var/mail/mailplex/help/</repositoryPath>
 *     <!-- optional -->
 *     <capacity>1</capacity>
 *     <busyWhen>messages</busyWhen>
 *     <mailbox>INBOX</mailbox>
 *     <reconcileInterval>5s</reconcileInterval>
 *     <maxParked>1000</maxParked>                  <!-- no limit when absent -->
 *     <overflowProcessor>error</overflowProcessor> <!-- where mail past maxParked goes; default error -->
 *     <sticky>false</sticky>
 *     <stickyExtra>1</stickyExtra>
 *     <stuckRepositoryPath>file://var/mail/mailplex/help-stuck/</stuckRepositoryPath>
 *     <callTimeout>30s</callTimeout>
 * </mailet>
 * }</pre>
 *
 * <p>Needs {@code org.mailplex.james.MailPlexModule} in {@code extensions.properties}.</p>
 */
public class MailPlex extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailPlex.class);
    private final MailPlexService service;
    private PlexConfiguration configuration;
    private Plex plex;

    @Inject
    public MailPlex(MailPlexService service) {
        this.service = service;
    }

    @Override
    public void init() throws MessagingException {
        configuration = PlexConfiguration.parse(Lists.newArrayList(getInitParameterNames()), this::getInitParameter);
        plex = service.register(configuration);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MailAddress account = configuration.account();
        Collection<MailAddress> recipients = mail.getRecipients();
        if (!recipients.contains(account)) {
            return;
        }
        if (plex.take(mail) == Plex.Taken.FULL) {
            overflow(mail, account);
        }
        ImmutableList<MailAddress> others = recipients.stream()
            .filter(recipient -> !recipient.equals(account))
            .collect(ImmutableList.toImmutableList());
        if (others.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            mail.setRecipients(others);
        }
    }

    /** The plex's copy goes to the admin's overflow processor (bounce, error repository...): never dropped. */
    private void overflow(Mail mail, MailAddress account) throws MessagingException {
        Mail copy = mail.duplicate();
        try {
            copy.setRecipients(ImmutableList.of(account));
            getMailetContext().sendMail(copy, configuration.overflowProcessor());
            LOGGER.warn("MailPlex {} is full: mail {} sent to processor {}", account.asString(), mail.getName(),
                configuration.overflowProcessor());
        } finally {
            LifecycleUtil.dispose(copy);
        }
    }

    /** James refuses to start when the overflow processor does not exist. */
    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        if (configuration == null || configuration.maxParked().isEmpty()) {
            return ImmutableList.of();
        }
        return ImmutableList.of(new ProcessingState(configuration.overflowProcessor()));
    }

    @Override
    public void destroy() {
        if (configuration != null) {
            service.unregister(configuration.account());
        }
    }

    @Override
    public String getMailetInfo() {
        return "MailPlex: shares " + (configuration == null ? "a plex address" : configuration.account().asString())
            + " among its operators";
    }
}
