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

package org.mailplex.plex;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.mailplex.core.Conversations;
import org.mailplex.state.ConversationsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plex's conversations, read from and kept for mail: which operator a follow-up belongs to
 * (sticky routing), whether a mail answers a conversation the plex delivered ({@code PlexReplyTo}),
 * and the memory of both, saved to its file on the release loop's tick and when the plex stops.
 * Nothing is remembered unless sticky routing or a {@code PlexReplyTo} needs it.
 */
final class PlexConversations {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexConversations.class);

    private final String plex;
    private final Conversations memory;
    private final ConversationsStore file;
    private final BooleanSupplier wanted;
    private final AtomicBoolean changed = new AtomicBoolean(false);

    PlexConversations(String plex, Conversations memory, ConversationsStore file, BooleanSupplier wanted) {
        this.plex = plex;
        this.memory = memory;
        this.file = file;
        this.wanted = wanted;
    }

    /** The operator handling the conversation {@code mail} belongs to, if the plex delivered it. */
    Optional<String> operatorFor(Mail mail) {
        return memory.operatorFor(references(mail));
    }

    /** The mail just delivered to {@code operator} starts or continues their conversation. */
    void delivered(Optional<String> messageId, String operator) {
        if (messageId.isPresent() && wanted.getAsBoolean()) {
            memory.remember(messageId.get(), operator);
            changed.set(true);
        }
    }

    /** The mail was taken back from {@code operator} unopened: the conversation is theirs no more. */
    void reclaimed(Optional<String> messageId, String operator) {
        if (messageId.isPresent()) {
            memory.forget(messageId.get(), operator);
            changed.set(true);
        }
    }

    /** In-Reply-To first, then References from the most recent to the oldest; bounded (see {@link Conversations}). */
    private static List<String> references(Mail mail) {
        try {
            return Conversations.references(mail.getMessage().getHeader("In-Reply-To", " "),
                mail.getMessage().getHeader("References", " "));
        } catch (MessagingException e) {
            LOGGER.debug("Could not read the conversation headers of {}", mail.getName(), e);
            return List.of();
        }
    }

    /** Reads the saved memory; a file that cannot be read stops the plex with its path. */
    void load() throws IOException {
        file.load(memory);
        LOGGER.info("MailPlex {} remembers {} conversation(s)", plex, memory.size());
    }

    void saveIfChanged() {
        if (changed.getAndSet(false)) {
            try {
                file.save(memory);
            } catch (IOException | RuntimeException e) {
                changed.set(true);
                LOGGER.error("MailPlex {} could not save its conversations to {}", plex, file.where(), e);
            }
        }
    }
}
