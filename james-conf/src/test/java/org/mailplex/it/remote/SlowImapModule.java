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

package org.mailplex.it.remote;

import java.util.Date;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.MailboxSpec;
import org.mailplex.mailbox.OperatorMailbox;
import org.mailplex.mailbox.OperatorMailboxKind;
import org.mailplex.mailbox.elsewhere.ImapMailboxKind;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;

/**
 * A kind of operator mailbox bound from a module of its own, as a site would: {@code slowimap} is
 * the built-in {@code imap} that, once its APPEND has returned, waits {@value #PAUSE} milliseconds
 * (a system property) before telling MailPlex, so that a crash test kills James after the mail
 * reached the remote mailbox and before the release journal knows it.
 */
public final class SlowImapModule extends AbstractModule {
    public static final String PAUSE = "mailplex.test.slowImapMillis";
    public static final String EXTENSION_MODULES = "org.mailplex.james.MailPlexModule," + SlowImapModule.class.getName();

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, OperatorMailboxKind.class).addBinding("slowimap").to(SlowImap.class);
    }

    public static final class SlowImap implements OperatorMailboxKind {
        private final ImapMailboxKind imap;

        @Inject
        public SlowImap(ImapMailboxKind imap) {
            this.imap = imap;
        }

        @Override
        public void validate(MailboxSpec spec) {
            imap.validate(spec);
        }

        @Override
        public OperatorMailbox open(Target target) {
            OperatorMailbox real = imap.open(target);
            long pause = Long.getLong(PAUSE, 0);
            return new OperatorMailbox() {
                @Override
                public long held(BusyWhen busyWhen) throws MailboxException {
                    return real.held(busyWhen);
                }

                @Override
                public void deliver(Content content, Date internalDate) throws MailboxException {
                    real.deliver(content, internalDate);
                    if (pause > 0) {
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public boolean holdsTicket(String key) throws MailboxException {
                    return real.holdsTicket(key);
                }

                @Override
                public Optional<String> problem() {
                    return real.problem();
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }
}
