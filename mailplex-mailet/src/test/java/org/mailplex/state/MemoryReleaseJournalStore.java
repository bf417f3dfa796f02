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

package org.mailplex.state;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailplex.core.Release;

/** {@link ReleaseJournalStore} in memory, for tests: a restart is the same instance recovering again. */
public class MemoryReleaseJournalStore implements ReleaseJournalStore {
    private final int historySize;
    private final Map<String, String> begun = new LinkedHashMap<>();
    private final Map<String, Release> delivered = new LinkedHashMap<>();
    private final Deque<Release> history = new ArrayDeque<>();

    public MemoryReleaseJournalStore(int historySize) {
        this.historySize = historySize;
    }

    @Override
    public synchronized Recovery recover() {
        return new Recovery(new LinkedHashMap<>(begun), new LinkedHashMap<>(delivered), List.copyOf(history));
    }

    @Override
    public synchronized List<Release> history() {
        return List.copyOf(history);
    }

    @Override
    public synchronized void reset(Collection<Release> stillDelivered) {
        begun.clear();
        delivered.values().stream().filter(release -> !stillDelivered.contains(release)).forEach(this::remember);
        delivered.clear();
        stillDelivered.forEach(release -> delivered.put(release.key(), release));
    }

    @Override
    public synchronized void begin(String key, String operator) {
        begun.put(key, operator);
    }

    @Override
    public synchronized void delivered(Release release) {
        begun.remove(release.key());
        delivered.put(release.key(), release);
    }

    @Override
    public synchronized void end(String key) {
        begun.remove(key);
        Release ended = delivered.remove(key);
        if (ended != null) {
            remember(ended);
        }
    }

    private void remember(Release release) {
        history.addLast(release);
        while (history.size() > historySize) {
            history.removeFirst();
        }
    }

    @Override
    public String where() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
