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

package org.mailplex.release;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.mailplex.core.Release;

/**
 * The releases of one plex that are "delivered, not yet removed": the mail is in its operator's
 * mailbox, and taking it out of the queue failed (a disk error, the call timeout, the bounded call
 * pool refusing the task). Such a mail is never released again: the release journal keeps it as
 * delivered (so the next start takes it out of the queue instead of parking it), the queue sync of
 * a lease holder leaves it alone, and the removal is retried on every reconcile tick until it
 * succeeds. Shown in {@code GET /mailplex/{plex}} and the {@code mailplex_delivered_not_removed}
 * gauge. Written on the release loop, read from anywhere.
 */
public final class UnremovedReleases {
    private final Map<String, Release> releases = new ConcurrentSkipListMap<>();

    void add(Release release) {
        releases.put(release.key(), release);
    }

    void removed(String key) {
        releases.remove(key);
    }

    /** Whether the mail parked under {@code key} was delivered and is still to be taken out of the queue. */
    public boolean contains(String key) {
        return releases.containsKey(key);
    }

    /** In queue order. */
    public List<Release> list() {
        return List.copyOf(releases.values());
    }

    public int count() {
        return releases.size();
    }
}
