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

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * A set of queue keys that keeps at most {@code limit} of them: past it, the oldest key (the
 * smallest: keys sort by arrival, see {@link QueueKeys}) is dropped. For what is remembered only to
 * say something once per mail, so that it never grows with the life of the server. Thread safe.
 */
public final class BoundedKeys {
    private final int limit;
    private final NavigableSet<String> keys = new ConcurrentSkipListSet<>();

    public BoundedKeys(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Adds {@code key}; true when it was not there. */
    public boolean add(String key) {
        boolean added = keys.add(key);
        while (keys.size() > limit) {
            keys.pollFirst();
        }
        return added;
    }

    public boolean contains(String key) {
        return keys.contains(key);
    }

    public int size() {
        return keys.size();
    }
}
