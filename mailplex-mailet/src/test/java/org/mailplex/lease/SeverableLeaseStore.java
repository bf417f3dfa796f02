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

package org.mailplex.lease;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mailplex.core.HolderRequest;
import org.mailplex.core.LeaseRecord;
import org.mailplex.core.LeaseStore;

/** One node's view of the shared lease store, which a test can cut off: every call then fails, as when Cassandra is out of reach. */
final class SeverableLeaseStore implements LeaseStore {
    private final LeaseStore shared;
    private volatile boolean severed;

    SeverableLeaseStore(LeaseStore shared) {
        this.shared = shared;
    }

    void sever() {
        severed = true;
    }

    private LeaseStore reach() {
        if (severed) {
            throw new IllegalStateException("the lease store is out of reach from this node");
        }
        return shared;
    }

    @Override
    public LeaseRecord read(String plex) {
        return reach().read(plex);
    }

    @Override
    public boolean acquire(String plex, String node, long seenEpoch, Duration ttl) {
        return reach().acquire(plex, node, seenEpoch, ttl);
    }

    @Override
    public boolean renew(String plex, String node, long epoch, Duration ttl) {
        return reach().renew(plex, node, epoch, ttl);
    }

    @Override
    public void giveUp(String plex, String node, long epoch) {
        reach().giveUp(plex, node, epoch);
    }

    @Override
    public boolean fence(String plex, String node, long epoch, String key, String operator) {
        return reach().fence(plex, node, epoch, key, operator);
    }

    @Override
    public Map<String, String> inFlight(String plex) {
        return reach().inFlight(plex);
    }

    @Override
    public void parked(String plex, String key) {
        reach().parked(plex, key);
    }

    @Override
    public Optional<String> lastParked(String plex) {
        return reach().lastParked(plex);
    }

    @Override
    public void changed(String plex, String mark) {
        reach().changed(plex, mark);
    }

    @Override
    public Optional<String> lastChanged(String plex) {
        return reach().lastChanged(plex);
    }

    @Override
    public void ask(String plex, HolderRequest request) {
        reach().ask(plex, request);
    }

    @Override
    public List<HolderRequest> asked(String plex) {
        return reach().asked(plex);
    }

    @Override
    public boolean take(String plex, String id) {
        return reach().take(plex, id);
    }

    @Override
    public void answer(String plex, String id, String answer) {
        reach().answer(plex, id, answer);
    }

    @Override
    public Optional<String> answerTo(String plex, String id) {
        return reach().answerTo(plex, id);
    }

    @Override
    public boolean cancel(String plex, String id) {
        return reach().cancel(plex, id);
    }
}
