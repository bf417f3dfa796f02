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

package org.mailplex.queue;

import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.mailplex.core.QueueKeys;
import org.mailplex.trace.VerbatimMessage;

import com.google.common.collect.ImmutableList;

/**
 * A plex's queue: parked mails in a James mail repository, each stored under its queue key (see
 * {@link QueueKeys}) so that the repository's listing is the FIFO order on every backend.
 *
 * <p>The parked copy carries the original bytes verbatim ({@link VerbatimMessage}): storing the
 * James message itself would let the repository re-serialise it.</p>
 */
public class ParkedQueue {
    private final MailAddress plex;
    private final MailRepository repository;

    public ParkedQueue(MailAddress plex, MailRepository repository) {
        this.plex = plex;
        this.repository = repository;
    }

    /** Stores the plex's copy of {@code mail} under {@code key}; durable as the repository is once this returns. */
    public void park(Mail mail, String key, Date parkedAt) throws MessagingException {
        park(mail, key, parkedAt, mail.getErrorMessage());
    }

    /** The same, the copy's error message set to {@code errorMessage} (why a stuck mail was set aside); {@code mail} is left as it is. */
    public void park(Mail mail, String key, Date parkedAt, String errorMessage) throws MessagingException {
        MailImpl parked = MailImpl.builder()
            .name(key)
            .sender(mail.getMaybeSender())
            .addRecipient(plex)
            .addAttributes(mail.attributes().collect(ImmutableList.toImmutableList()))
            .addAllHeadersForRecipients(mail.getPerRecipientSpecificHeaders())
            .remoteAddr(mail.getRemoteAddr())
            .remoteHost(mail.getRemoteHost())
            .state(mail.getState())
            .errorMessage(errorMessage)
            .lastUpdated(parkedAt)
            .build();
        try {
            parked.setMessageNoCopy(VerbatimMessage.of(mail.getMessage(), key));
            repository.store(parked);
        } finally {
            LifecycleUtil.dispose(parked);
        }
    }

    /**
     * The parked mail, or empty when the repository has none under {@code key}; the caller disposes
     * it ({@code LifecycleUtil.dispose}). James's file repository deletes a mail it cannot read and
     * answers none, so empty is not proof that someone removed it.
     */
    public Optional<Mail> retrieve(String key) throws MessagingException {
        return Optional.ofNullable(repository.retrieve(new MailKey(key)));
    }

    /** Removes the mail; says nothing about whether it was there (no repository does). */
    public void remove(String key) throws MessagingException {
        repository.remove(new MailKey(key));
    }

    /** Every queue key in the repository, oldest first; other names are skipped. */
    public List<String> keys() throws MessagingException {
        List<String> keys = new ArrayList<>();
        Iterator<MailKey> parked = repository.list();
        while (parked.hasNext()) {
            String key = parked.next().asString();
            if (QueueKeys.isKey(key)) {
                keys.add(key);
            }
        }
        keys.sort(null);
        return keys;
    }
}
