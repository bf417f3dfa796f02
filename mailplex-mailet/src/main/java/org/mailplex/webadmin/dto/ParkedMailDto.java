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

package org.mailplex.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One parked mail of a plex's queue. */
public class ParkedMailDto {
    private final String key;
    private final Optional<String> sender;
    private final Optional<String> subject;
    private final long size;
    private final Instant parkedAt;
    private final long waitedMillis;
    private final List<ReclaimDto> reclaimedFrom;
    private final Optional<String> reason;

    public ParkedMailDto(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt,
                         long waitedMillis, List<ReclaimDto> reclaimedFrom, Optional<String> reason) {
        this.key = key;
        this.sender = sender;
        this.subject = subject;
        this.size = size;
        this.parkedAt = parkedAt;
        this.waitedMillis = waitedMillis;
        this.reclaimedFrom = List.copyOf(reclaimedFrom);
        this.reason = reason;
    }

    public String getKey() {
        return key;
    }

    public Optional<String> getSender() {
        return sender;
    }

    public Optional<String> getSubject() {
        return subject;
    }

    public long getSize() {
        return size;
    }

    public Instant getParkedAt() {
        return parkedAt;
    }

    public long getWaitedMillis() {
        return waitedMillis;
    }

    /** Whom the mail was taken back from, unopened, and when; newest first, empty for a mail never taken back. */
    public List<ReclaimDto> getReclaimedFrom() {
        return reclaimedFrom;
    }

    /** One reclaim of a parked mail. */
    /** Why a stuck mail was set aside (after its failed attempts, or as a loop); absent for a waiting mail. */
    public Optional<String> getReason() {
        return reason;
    }

    public static class ReclaimDto {
        private final String operator;
        private final Optional<Instant> at;

        public ReclaimDto(String operator, Optional<Instant> at) {
            this.operator = operator;
            this.at = at;
        }

        public String getOperator() {
            return operator;
        }

        public Optional<Instant> getAt() {
            return at;
        }
    }
}
