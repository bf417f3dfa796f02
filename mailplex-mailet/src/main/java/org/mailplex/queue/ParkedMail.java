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

package org.mailplex.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mailplex.trace.Reclaims;

/** What an admin sees of one parked mail. */
public final class ParkedMail {
    private final String key;
    private final Optional<String> sender;
    private final Optional<String> subject;
    private final long size;
    private final Instant parkedAt;
    private final List<String> reclaims;
    private final Optional<String> reason;

    public ParkedMail(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt) {
        this(key, sender, subject, size, parkedAt, List.of());
    }

    /** @param reclaims one entry {@code <operator>; <date-time>} per time it was taken back, newest first */
    public ParkedMail(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt, List<String> reclaims) {
        this(key, sender, subject, size, parkedAt, reclaims, Optional.empty());
    }

    /** @param reason why a stuck mail was set aside, as it was recorded then */
    public ParkedMail(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt, List<String> reclaims,
                      Optional<String> reason) {
        this.key = key;
        this.sender = sender;
        this.subject = subject;
        this.size = size;
        this.parkedAt = parkedAt;
        this.reclaims = List.copyOf(reclaims);
        this.reason = reason;
    }

    /** Why a stuck mail was set aside; empty for a waiting mail, or a stuck one set aside before reasons were recorded. */
    public Optional<String> reason() {
        return reason;
    }

    /** The operators it was taken back from, newest first. */
    public List<String> reclaimedFrom() {
        return reclaims.stream().map(Reclaims::operator).collect(Collectors.toList());
    }

    /** When it was taken back from {@code reclaimedFrom().get(index)}; empty when the entry cannot be read. */
    public Optional<Instant> reclaimedAt(int index) {
        return Reclaims.at(reclaims.get(index));
    }

    public String key() {
        return key;
    }

    public Optional<String> sender() {
        return sender;
    }

    public Optional<String> subject() {
        return subject;
    }

    public long size() {
        return size;
    }

    public Instant parkedAt() {
        return parkedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ParkedMail) {
            ParkedMail that = (ParkedMail) o;
            return size == that.size && key.equals(that.key) && sender.equals(that.sender) && subject.equals(that.subject)
                && parkedAt.equals(that.parkedAt) && reclaims.equals(that.reclaims) && reason.equals(that.reason);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, sender, subject, size, parkedAt, reclaims, reason);
    }
}
