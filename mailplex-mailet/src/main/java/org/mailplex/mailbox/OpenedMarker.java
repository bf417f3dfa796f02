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

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.GenericGroup;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opened means opened: when a message gets {@code \Seen}, the messages MailPlex delivered among
 * them get the {@value OperatorMailboxes#OPENED} keyword, so that marking them unread again later
 * ("keep as unread to follow up") never makes them look unopened to a reclaim. The keyword is
 * written off the event's thread, on one daemon thread of its own, so the flag change that fired
 * the event is not slowed down; a failure is logged and the next pass of the reclaim still sees
 * {@code \Seen} if it was not taken off meanwhile.
 */
public final class OpenedMarker implements EventListener.GroupEventListener {
    public static final Group GROUP = new GenericGroup("mailplex-opened");
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenedMarker.class);
    /** Markings waiting for the marking thread, at most; past that the oldest way (\Seen seen by a pass) is all that is left. */
    private static final int MAX_WAITING = 10_000;

    private final OperatorMailboxes mailboxes;
    private final ExecutorService marking = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(MAX_WAITING), runnable -> {
            Thread thread = new Thread(runnable, "mailplex-opened");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());

    public OpenedMarker(OperatorMailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.FlagsUpdated
            && ((MailboxEvents.FlagsUpdated) event).getUpdatedFlags().stream().anyMatch(OpenedMarker::newlySeen);
    }

    private static boolean newlySeen(UpdatedFlags flags) {
        return flags.getNewFlags().contains(Flags.Flag.SEEN) && !flags.getOldFlags().contains(Flags.Flag.SEEN)
            && !flags.getNewFlags().contains(OperatorMailboxes.OPENED);
    }

    @Override
    public void event(Event event) {
        if (!(event instanceof MailboxEvents.FlagsUpdated)) {
            return;
        }
        MailboxEvents.FlagsUpdated updated = (MailboxEvents.FlagsUpdated) event;
        List<MessageUid> uids = updated.getUpdatedFlags().stream()
            .filter(OpenedMarker::newlySeen)
            .map(UpdatedFlags::getUid)
            .collect(Collectors.toList());
        if (uids.isEmpty()) {
            return;
        }
        marking.execute(() -> {
            try {
                mailboxes.markOpened(updated.getUsername(), updated.getMailboxId(), uids);
            } catch (Exception e) {
                LOGGER.warn("MailPlex could not mark {} message(s) of {} opened: {}", uids.size(), updated.getUsername().asString(),
                    e.toString());
            }
        });
    }

    /** Stops the marking thread; what is waiting is dropped. */
    public void stop() {
        marking.shutdownNow();
    }
}
