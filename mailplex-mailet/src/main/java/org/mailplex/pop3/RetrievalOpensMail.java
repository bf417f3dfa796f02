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

package org.mailplex.pop3;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.mailbox.MessageMetaData;
import org.mailplex.mailbox.OperatorMailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POP3 retrieval opens the message: James 3.8.1's POP3 {@code RETR} sets no {@code \Seen}, so a
 * mail an operator downloaded with "leave on server" would look unopened to a reclaim. Declared in
 * {@code pop3server.xml}'s {@code <handlerchain>} before James's {@code CoreCmdHandlerLoader}, this
 * handler sees {@code RETR n} and {@code TOP n lines} with at least one body line first, marks that
 * message of the INBOX {@code \Seen} (as Dovecot's POP3 does) and, when MailPlex delivered it,
 * opened for good; then it answers nothing, so James's own handler answers the command. {@code TOP n
 * 0}, the header-only look clients use to list mail, opens nothing. A failure is logged and never
 * fails the command. James's memory and JPA servers name POP3 messages by their INBOX UID, which is
 * what this handler reads; a server naming them otherwise is left alone.
 */
public class RetrievalOpensMail implements CommandHandler<POP3Session> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RetrievalOpensMail.class);
    private static final String RETR = "RETR";
    private static final String TOP = "TOP";

    private final OperatorMailboxes mailboxes;

    @Inject
    public RetrievalOpensMail(OperatorMailboxes mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of(RETR, TOP);
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.getHandlerState() == POP3Session.TRANSACTION && session.getUsername() != null) {
            retrieved(session, request).ifPresent(uid -> {
                try {
                    mailboxes.markRetrieved(session.getUsername(), uid);
                } catch (Exception e) {
                    LOGGER.warn("MailPlex could not mark message {} of {} opened after a POP3 {}: {}", uid.asLong(),
                        session.getUsername().asString(), request.getCommand(), e.toString());
                }
            });
        }
        // James's own RETR and TOP answer
        return null;
    }

    /** The INBOX UID of the message {@code RETR n} or {@code TOP n lines} (lines at least 1) retrieves; empty otherwise. */
    static Optional<MessageUid> retrieved(POP3Session session, Request request) {
        String[] arguments = request.getArgument() == null ? new String[0] : request.getArgument().trim().split("\\s+");
        boolean top = TOP.equalsIgnoreCase(request.getCommand());
        if (arguments.length < 1 || (top && (arguments.length < 2 || !positive(arguments[1])))) {
            return Optional.empty();
        }
        List<MessageMetaData> messages = session.getAttachment(POP3Session.UID_LIST, ProtocolSession.State.Transaction).orElse(List.of());
        try {
            int number = Integer.parseInt(arguments[0]);
            if (number < 1 || number > messages.size()) {
                return Optional.empty();
            }
            return Optional.of(MessageUid.of(Long.parseLong(messages.get(number - 1).getUid())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean positive(String lines) {
        try {
            return Integer.parseInt(lines) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
