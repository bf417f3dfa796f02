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
import java.util.List;
import java.util.Objects;

/**
 * The reclaims of one plex under way, so that a crash (or a dead lease holder) between putting a
 * mail back into the queue and removing it from the operator's mailbox is finished at the next
 * start: the mail is then in one place only, never two, never none. {@link #begin} is durable before
 * the mail is put back, {@link #end} once it is out of the mailbox and the operator is away (or the
 * reclaim was called off). One node keeps it in a file ({@link FileReclaimJournalStore}), several
 * nodes in Cassandra; {@code ReclaimJournalStoreContract} says what every implementation does.
 */
public interface ReclaimJournalStore {
    /** A reclaim begun: the mail under {@code key}, delivered to {@code operator}, at {@code location} in their mailbox. */
    final class Open {
        private final String key;
        private final String operator;
        private final MessageLocation location;

        public Open(String key, String operator, MessageLocation location) {
            this.key = key;
            this.operator = operator;
            this.location = location;
        }

        public String key() {
            return key;
        }

        public String operator() {
            return operator;
        }

        public MessageLocation location() {
            return location;
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof Open) {
                Open that = (Open) o;
                return key.equals(that.key) && operator.equals(that.operator) && location.equals(that.location);
            }
            return false;
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, operator, location);
        }

        @Override
        public String toString() {
            return key + " from " + operator + " (" + location + ")";
        }
    }

    /** The reclaims begun and not ended, oldest first. */
    List<Open> recover() throws IOException;

    /** Durable before it returns: the mail may be put back. */
    void begin(Open reclaim) throws IOException;

    /** Durable before it returns: the reclaim is over, one way or the other. */
    void end(String key) throws IOException;

    /** Where it is kept, for log lines. */
    String where();
}
