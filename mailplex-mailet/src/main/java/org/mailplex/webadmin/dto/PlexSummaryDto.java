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

/** One plex in {@code GET /mailplex}. */
public class PlexSummaryDto {
    private final String plex;
    private final long queueDepth;
    private final Optional<Instant> oldestParkedAt;
    private final Optional<Long> oldestWaitMillis;
    private final OperatorCountsDto operators;
    private LeaseDto lease;

    public PlexSummaryDto(String plex, long queueDepth, Optional<Instant> oldestParkedAt, Optional<Long> oldestWaitMillis,
                          OperatorCountsDto operators) {
        this.plex = plex;
        this.queueDepth = queueDepth;
        this.oldestParkedAt = oldestParkedAt;
        this.oldestWaitMillis = oldestWaitMillis;
        this.operators = operators;
    }

    public String getPlex() {
        return plex;
    }

    /** Parked mails: waiting, plus the one being delivered if any. */
    public long getQueueDepth() {
        return queueDepth;
    }

    public Optional<Instant> getOldestParkedAt() {
        return oldestParkedAt;
    }

    public Optional<Long> getOldestWaitMillis() {
        return oldestWaitMillis;
    }

    public OperatorCountsDto getOperators() {
        return operators;
    }

    /** Who releases this plex: the node holding its lease. */
    public PlexSummaryDto lease(LeaseDto lease) {
        this.lease = lease;
        return this;
    }

    public LeaseDto getLease() {
        return lease;
    }
}
