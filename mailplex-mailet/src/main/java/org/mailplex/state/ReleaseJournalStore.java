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

package org.mailplex.state;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mailplex.core.Release;

/**
 * The releases of one plex: those under way, so that a crash (or a dead lease holder) between
 * delivering a mail and taking it out of the queue is finished by the next start (or the next
 * holder) instead of delivering it twice, and the latest ones done, the plex's release history.
 *
 * <p>{@link #begin} is durable before the mail is delivered and {@link #delivered} right after the
 * mailbox took it; {@link #end} follows its removal from the queue. One node keeps it in a file
 * ({@link FileReleaseJournalStore}), several nodes in Cassandra; {@code ReleaseJournalStoreContract}
 * says what every implementation does.</p>
 */
public interface ReleaseJournalStore extends AutoCloseable {
    /** What the last run (or the last holder) left: releases begun and never delivered, and the history of deliveries. */
    final class Recovery {
        private final Map<String, String> begun;
        private final Map<String, Release> deliveredNotEnded;
        private final List<Release> history;

        public Recovery(Map<String, String> begun, Map<String, Release> deliveredNotEnded, List<Release> history) {
            this.begun = begun;
            this.deliveredNotEnded = deliveredNotEnded;
            this.history = history;
        }

        /** Key to operator: the delivery may or may not have reached the mailbox. */
        public Map<String, String> begun() {
            return begun;
        }

        /** Delivered, perhaps still in the queue. */
        public Set<String> deliveredNotEnded() {
            return deliveredNotEnded.keySet();
        }

        /** Delivered, perhaps still in the queue: the releases, by key. */
        public Map<String, Release> delivered() {
            return deliveredNotEnded;
        }

        /** The latest deliveries, oldest first. */
        public List<Release> history() {
            return history;
        }
    }

    /** Reads what the last run left, and keeps its history of deliveries. */
    Recovery recover() throws IOException;

    /** The latest deliveries that are over (in the mailbox and out of the queue), oldest first. */
    List<Release> history();

    /**
     * Starts anew once the start has finished what {@link #recover()} found: no release is open any
     * more, and the ones found delivered join the history.
     */
    default void reset() throws IOException {
        reset(List.of());
    }

    /**
     * Like {@link #reset()}, except that {@code stillDelivered} stay open as delivered: mails the
     * start could not take out of the queue, never to be released again.
     */
    void reset(Collection<Release> stillDelivered) throws IOException;

    /** Durable before it returns: the delivery may start. */
    void begin(String key, String operator) throws IOException;

    /** Durable before it returns: the mail is in the operator's mailbox. */
    void delivered(Release release) throws IOException;

    /** The release is over: out of the queue after its delivery, or failed. A delivered one joins the history. */
    void end(String key) throws IOException;

    /** Where it is kept, for log lines. */
    String where();

    @Override
    void close() throws IOException;
}
