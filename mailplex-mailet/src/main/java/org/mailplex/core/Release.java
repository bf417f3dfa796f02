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

package org.mailplex.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One parked mail delivered to one operator: what the release journal keeps, listeners are told
 * and admins see. How long it waited follows from its key (the instant it was parked).
 */
public final class Release {
    private final String key;
    private final String operator;
    private final Optional<String> messageId;
    private final Instant releasedAt;

    public Release(String key, String operator, Optional<String> messageId, Instant releasedAt) {
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.releasedAt = Objects.requireNonNull(releasedAt, "releasedAt");
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    public Instant releasedAt() {
        return releasedAt;
    }

    /** From parking to release; zero for a key that is not a queue key. */
    public Duration waited() {
        return QueueKeys.parkedAt(key).map(parkedAt -> Duration.between(parkedAt, releasedAt)).orElse(Duration.ZERO);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Release) {
            Release that = (Release) o;
            return key.equals(that.key) && operator.equals(that.operator) && messageId.equals(that.messageId)
                && releasedAt.equals(that.releasedAt);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, messageId, releasedAt);
    }

    @Override
    public String toString() {
        return key + " -> " + operator;
    }
}
