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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.user.api.UsersRepository;
import org.mailplex.core.BusyWhen;
import org.mailplex.state.Notice;

/**
 * James's operator mailboxes, with what a test needs to make them misbehave: the next delivery or
 * reading throws what the test says, and a delivery can be held at a gate until the test opens it.
 * Counts every delivery attempt and every reading.
 */
public final class FaultyMailboxes extends OperatorMailboxes {
    private final AtomicReference<Throwable> nextDeliveryFailure = new AtomicReference<>();
    private final AtomicReference<Throwable> nextReadingFailure = new AtomicReference<>();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger readings = new AtomicInteger();
    private volatile Gate gate;
    private final Map<Username, Throwable> refusing = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> afterNextDelivery = new AtomicReference<>();
    private final AtomicReference<Throwable> nextKeyCheckFailure = new AtomicReference<>();
    private final AtomicInteger keyChecks = new AtomicInteger();
    private final AtomicInteger unopenedSearches = new AtomicInteger();
    private volatile String refusedContent;
    private volatile Throwable refusedContentFailure;

    public FaultyMailboxes(MailboxManager mailboxManager, UsersRepository usersRepository) {
        super(mailboxManager, usersRepository);
    }

    /** The next delivery throws {@code failure} (an Error, a runtime exception, a MailboxException) instead. */
    public void failNextDelivery(Throwable failure) {
        nextDeliveryFailure.set(failure);
    }

    /** The next delivery stores the message, then throws {@code failure}: a backend write timeout after the write. */
    public void failAfterNextDelivery(Throwable failure) {
        afterNextDelivery.set(failure);
    }

    /** The next look for a ticket in a mailbox throws {@code failure}. */
    public void failNextKeyCheck(Throwable failure) {
        nextKeyCheckFailure.set(failure);
    }

    /** How many searches for unopened mail (a reclaim scan makes one per operator). */
    public int unopenedSearches() {
        return unopenedSearches.get();
    }

    @Override
    public List<Unopened> unopenedBefore(Username operator, String mailbox, java.time.Instant deliveredBefore) throws MailboxException {
        unopenedSearches.incrementAndGet();
        return super.unopenedBefore(operator, mailbox, deliveredBefore);
    }

    public int keyChecks() {
        return keyChecks.get();
    }

    public void failNextReading(Throwable failure) {
        nextReadingFailure.set(failure);
    }

    /** The next delivery to {@code operator} waits until {@link Gate#open()}. */
    public Gate holdNextDeliveryTo(String operator) {
        Gate held = new Gate(Username.of(operator));
        gate = held;
        return held;
    }

    /** Every delivery to {@code operator} throws {@code failure} until {@link #acceptEveryDeliveryTo(String)}: a full quota. */
    public void refuseEveryDeliveryTo(String operator, Throwable failure) {
        refusing.put(Username.of(operator), failure);
    }

    /** Every delivery of a message whose bytes contain {@code text} throws {@code failure}: too big for every mailbox. */
    public void refuseEveryDeliveryContaining(String text, Throwable failure) {
        refusedContent = text;
        refusedContentFailure = failure;
    }

    public void acceptEveryDeliveryTo(String operator) {
        refusing.remove(Username.of(operator));
    }

    public int deliveries() {
        return deliveries.get();
    }

    public int readings() {
        return readings.get();
    }

    @Override
    public long held(Username operator, String mailbox, BusyWhen busyWhen, List<Notice> notices) throws MailboxException {
        readings.incrementAndGet();
        throwIfSet(nextReadingFailure.getAndSet(null));
        return super.held(operator, mailbox, busyWhen, notices);
    }

    @Override
    public void deliver(Username operator, String mailbox, Content content, Date internalDate) throws MailboxException {
        deliveries.incrementAndGet();
        Gate held = gate;
        if (held != null && held.operator.equals(operator)) {
            gate = null;
            held.pass();
        }
        throwIfSet(nextDeliveryFailure.getAndSet(null));
        throwIfSet(refusing.get(operator));
        if (refusedContent != null && contains(content, refusedContent)) {
            throwIfSet(refusedContentFailure);
        }
        super.deliver(operator, mailbox, content, internalDate);
        throwIfSet(afterNextDelivery.getAndSet(null));
    }

    @Override
    public boolean holdsKey(Username operator, String mailbox, String key) throws MailboxException {
        keyChecks.incrementAndGet();
        throwIfSet(nextKeyCheckFailure.getAndSet(null));
        return super.holdsKey(operator, mailbox, key);
    }

    private static boolean contains(Content content, String text) throws MailboxException {
        try (InputStream in = content.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            throw new MailboxException("cannot read the content", e);
        }
    }

    private static void throwIfSet(Throwable failure) throws MailboxException {
        if (failure instanceof MailboxException) {
            throw (MailboxException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
    }

    /** Holds one delivery: the loop thread waits in it while the test acts. */
    public static final class Gate {
        private final Username operator;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        private Gate(Username operator) {
            this.operator = operator;
        }

        private void pass() {
            reached.countDown();
            try {
                if (!opened.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until the loop is held at the gate. */
        public void awaitReached() throws InterruptedException {
            if (!reached.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no delivery reached the gate");
            }
        }

        public void open() {
            opened.countDown();
        }
    }
}
