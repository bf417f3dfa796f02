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

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Mail;

/**
 * Mails of one plex that no operator could take, set aside in their own repository under their
 * queue key, where an admin sees them: put back at their old place in the queue, or deleted.
 * Every change happens on the plex's release loop.
 */
public final class StuckMails {
    /** Why a loop is kept here, shown to admins. */
    public static final String LOOP = "A loop: this plex delivered it and it came back";

    private final ParkedQueue stuck;
    private final ParkedQueue queue;
    private final Clock clock;
    private final AtomicInteger count = new AtomicInteger();

    public StuckMails(ParkedQueue stuck, ParkedQueue queue, Clock clock) {
        this.stuck = stuck;
        this.queue = queue;
        this.clock = clock;
    }

    /** Counts what the last run left. */
    public void load() throws MessagingException {
        count.set(stuck.keys().size());
    }

    public int count() {
        return count.get();
    }

    public List<String> keys() throws MessagingException {
        return stuck.keys();
    }

    public Optional<Mail> retrieve(String key) throws MessagingException {
        return stuck.retrieve(key);
    }

    /** Why a mail is set aside after its failed attempts, shown to admins. */
    public static String noOperatorCouldTake(int attempts, Throwable lastFailure) {
        return "No operator could take it: " + attempts + " attempts, the last failed with " + lastFailure;
    }

    /** Keeps {@code mail} here, one that never was in the queue (a loop). */
    public void keep(Mail mail, String key) throws MessagingException {
        keep(mail, key, LOOP);
    }

    private void keep(Mail mail, String key, String reason) throws MessagingException {
        stuck.park(mail, key, Date.from(clock.instant()), reason);
        count.incrementAndGet();
    }

    /** Moves {@code mail} here from the queue; {@code reason} tells admins why. */
    public void setAside(Mail mail, String key, String reason) throws MessagingException {
        keep(mail, key, reason);
        queue.remove(key);
    }

    /**
     * Moves the mail parked under {@code key} here from the queue, reading it again from the queue:
     * for a call that may outlast its caller's wait and must not share the caller's copy. False when
     * it is no longer in the queue.
     */
    public boolean setAside(String key, String reason) throws MessagingException {
        Optional<Mail> mail = queue.retrieve(key);
        if (mail.isEmpty()) {
            return false;
        }
        try {
            setAside(mail.get(), key, reason);
            return true;
        } finally {
            LifecycleUtil.dispose(mail.get());
        }
    }

    /** Moves a stuck mail back into the queue under its key (so at its old place); false when it is not here. */
    public boolean putBack(String key) throws MessagingException {
        Optional<Mail> mail = stuck.retrieve(key);
        if (mail.isEmpty()) {
            return false;
        }
        try {
            // back in the queue it waits again: why it was set aside no longer applies
            queue.park(mail.get(), key, Date.from(clock.instant()), null);
        } finally {
            LifecycleUtil.dispose(mail.get());
        }
        stuck.remove(key);
        count.decrementAndGet();
        return true;
    }

    /** Deletes a stuck mail; false when it is not here. */
    public boolean delete(String key) throws MessagingException {
        Optional<Mail> mail = stuck.retrieve(key);
        if (mail.isEmpty()) {
            return false;
        }
        LifecycleUtil.dispose(mail.get());
        stuck.remove(key);
        count.decrementAndGet();
        return true;
    }
}
