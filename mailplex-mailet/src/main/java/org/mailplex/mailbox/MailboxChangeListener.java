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

import java.util.function.Consumer;

import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.GenericGroup;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.model.MailboxPath;

/**
 * Wakes the release loop when a mailbox that may be watched changes: messages added or expunged,
 * flags changed (for {@code busyWhen=unseen}), mailbox deleted or renamed. It only passes the
 * mailbox path on; the loop re-reads the counts through the mailbox API, on its own thread,
 * so the mailbox operation that fired the event is not slowed.
 *
 * <p>Registered under a {@link GenericGroup}: dead-letter redelivery resolves plain groups by
 * class name, which James's own class loader cannot see in an extension jar.</p>
 */
public class MailboxChangeListener implements EventListener.GroupEventListener {
    public static final Group GROUP = new GenericGroup("mailplex");

    private final Consumer<MailboxPath> changed;

    public MailboxChangeListener(Consumer<MailboxPath> changed) {
        this.changed = changed;
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public boolean isHandling(Event event) {
        return event instanceof MailboxEvents.Added
            || event instanceof MailboxEvents.Expunged
            || event instanceof MailboxEvents.FlagsUpdated
            || event instanceof MailboxEvents.MailboxDeletion
            || event instanceof MailboxEvents.MailboxRenamed;
    }

    @Override
    public void event(Event event) {
        if (event instanceof MailboxEvents.MailboxEvent) {
            MailboxEvents.MailboxEvent mailboxEvent = (MailboxEvents.MailboxEvent) event;
            changed.accept(mailboxEvent.getMailboxPath());
            if (event instanceof MailboxEvents.MailboxRenamed) {
                changed.accept(((MailboxEvents.MailboxRenamed) event).getNewPath());
            }
        }
    }
}
