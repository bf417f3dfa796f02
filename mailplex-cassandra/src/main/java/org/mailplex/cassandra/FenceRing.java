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

package org.mailplex.cassandra;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slot of the {@code releasing} map each fence writes next, one ring per plex: a plex's slots
 * are overwritten only by that plex's own releases, however many plexes share the store. With
 * {@value #SLOTS} slots a plex remembers its last {@value #SLOTS} fenced releases: every delivery
 * still in flight (a plex's release loop runs at most 8 mailbox calls at once, those past
 * {@code callTimeout} included, since its bounded call pool has 8 threads and refuses a ninth)
 * and as many finished before them.
 */
final class FenceRing {
    static final int SLOTS = 16;

    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();

    /** The slot the next fence of {@code plex} writes. */
    int next(String plex) {
        return Math.floorMod(next.computeIfAbsent(plex, any -> new AtomicInteger()).getAndIncrement(), SLOTS);
    }
}
