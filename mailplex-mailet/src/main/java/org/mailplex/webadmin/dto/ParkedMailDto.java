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

/** One parked mail of a plex's queue. */
public class ParkedMailDto {
    private final String key;
    private final Optional<String> sender;
    private final Optional<String> subject;
    private final long size;
    private final Instant parkedAt;
    private final long waitedMillis;

    public ParkedMailDto(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt,
                         long waitedMillis) {
        this.key = key;
        this.sender = sender;
        this.subject = subject;
        this.size = size;
        this.parkedAt = parkedAt;
        this.waitedMillis = waitedMillis;
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
}
