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
import java.util.Optional;

import org.mailplex.core.Release;

/** One mail released to an operator. */
public class ReleaseDto {
    public static ReleaseDto from(Release release) {
        return new ReleaseDto(release.key(), release.operator(), release.messageId(), release.releasedAt(),
            release.waited().toMillis());
    }

    private final String key;
    private final String operator;
    private final Optional<String> messageId;
    private final Instant releasedAt;
    private final long waitedMillis;

    public ReleaseDto(String key, String operator, Optional<String> messageId, Instant releasedAt, long waitedMillis) {
        this.key = key;
        this.operator = operator;
        this.messageId = messageId;
        this.releasedAt = releasedAt;
        this.waitedMillis = waitedMillis;
    }

    public String getKey() {
        return key;
    }

    public String getOperator() {
        return operator;
    }

    public Optional<String> getMessageId() {
        return messageId;
    }

    public Instant getReleasedAt() {
        return releasedAt;
    }

    public long getWaitedMillis() {
        return waitedMillis;
    }
}
