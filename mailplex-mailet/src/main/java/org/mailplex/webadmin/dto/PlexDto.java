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

/** {@code GET /mailplex/{plex}}: the plex and its roster, in roster order. */
public class PlexDto {
    private final String plex;
    private final long queueDepth;
    private final Optional<Instant> oldestParkedAt;
    private final String mailbox;
    private final String busyWhen;
    private final List<OperatorDto> operators;
    private final List<ReleaseDto> deliveredNotRemoved;
    private String rosterSource = "configuration";
    private Optional<List<String>> configuredOperators = Optional.empty();

    public PlexDto(String plex, long queueDepth, Optional<Instant> oldestParkedAt, String mailbox, String busyWhen,
                   List<OperatorDto> operators, List<ReleaseDto> deliveredNotRemoved) {
        this.plex = plex;
        this.queueDepth = queueDepth;
        this.oldestParkedAt = oldestParkedAt;
        this.mailbox = mailbox;
        this.busyWhen = busyWhen;
        this.operators = operators;
        this.deliveredNotRemoved = deliveredNotRemoved;
    }

    public String getPlex() {
        return plex;
    }

    public long getQueueDepth() {
        return queueDepth;
    }

    public Optional<Instant> getOldestParkedAt() {
        return oldestParkedAt;
    }

    public String getMailbox() {
        return mailbox;
    }

    public String getBusyWhen() {
        return busyWhen;
    }

    public List<OperatorDto> getOperators() {
        return operators;
    }

    /** Releases whose mail is in the operator's mailbox and whose removal from the queue failed; retried each tick, never released again. */
    public List<ReleaseDto> getDeliveredNotRemoved() {
        return deliveredNotRemoved;
    }

    /** {@code configuration} (mailetcontainer.xml) or {@code webadmin} (an admin changed it; it wins). */
    public String getRosterSource() {
        return rosterSource;
    }

    /** The operators of mailetcontainer.xml, when they differ from the roster in use. */
    public Optional<List<String>> getConfiguredOperators() {
        return configuredOperators;
    }

    public PlexDto roster(String source, Optional<List<String>> configured) {
        this.rosterSource = source;
        this.configuredOperators = configured;
        return this;
    }
}
