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

package org.mailplex.mailbox;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.user.api.UsersRepository;
import org.mailplex.state.MessageLocation;
import org.mailplex.state.Notice;

/**
 * James's operator mailboxes whose calls of a kind the test names never return (until the test
 * ends and {@link #release()}s them): a backend that hangs. Counts the calls that hung.
 */
public final class HangingMailboxes extends OperatorMailboxes {
    /** The calls a test can make hang. */
    public enum Call {
        UNOPENED_SEARCH, UNOPENED_REMOVAL, NOTICE_APPEND, NOTICE_READ, KEY_SEARCH
    }

    private final Set<Call> hanging = ConcurrentHashMap.newKeySet();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger hung = new AtomicInteger();

    public HangingMailboxes(MailboxManager mailboxManager, UsersRepository usersRepository) {
        super(mailboxManager, usersRepository);
    }

    /** From now on every call of {@code call} hangs. */
    public void hang(Call call) {
        hanging.add(call);
    }

    /** How many calls have hung so far. */
    public int hung() {
        return hung.get();
    }

    /** Lets every hung call go on, and no call hang any more. */
    public void release() {
        hanging.clear();
        released.countDown();
    }

    /** Hangs while the test has not released it, deaf to interrupts as a backend stuck in I/O is. */
    private void maybeHang(Call call) {
        if (!hanging.contains(call)) {
            return;
        }
        hung.incrementAndGet();
        boolean interrupted = false;
        while (released.getCount() > 0) {
            try {
                released.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<Unopened> unopenedBefore(Username operator, String mailbox, Instant deliveredBefore) throws MailboxException {
        maybeHang(Call.UNOPENED_SEARCH);
        return super.unopenedBefore(operator, mailbox, deliveredBefore);
    }

    @Override
    public Removal removeUnopened(Username operator, MessageLocation location) throws MailboxException {
        maybeHang(Call.UNOPENED_REMOVAL);
        return super.removeUnopened(operator, location);
    }

    @Override
    public Notice leaveNotice(Username operator, String operatorName, String mailbox, Content content, Instant at) throws MailboxException {
        maybeHang(Call.NOTICE_APPEND);
        return super.leaveNotice(operator, operatorName, mailbox, content, at);
    }

    @Override
    public NoticeStatus notice(Username operator, Notice notice) throws MailboxException {
        maybeHang(Call.NOTICE_READ);
        return super.notice(operator, notice);
    }

    @Override
    public boolean holdsKey(Username operator, String mailbox, String key) throws MailboxException {
        maybeHang(Call.KEY_SEARCH);
        return super.holdsKey(operator, mailbox, key);
    }
}
