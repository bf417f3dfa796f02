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

package org.mailplex.plex;

import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;

import com.google.common.collect.ForwardingMap;
import com.google.common.collect.ImmutableMap;

/**
 * The James users of a plex's operators, operator to user, in roster order: a map the release loop,
 * the releaser and the reclaimer read while an admin changes the roster. Reads see one immutable
 * snapshot; an operator taken off the roster is still found by {@link #get} (a delivery to her may
 * still be settling, she may still answer her conversations) but is no longer among the keys.
 */
final class OperatorUsernames extends ForwardingMap<String, Username> {
    private volatile ImmutableMap<String, Username> current;
    private volatile ImmutableMap<String, Username> former = ImmutableMap.of();

    OperatorUsernames(Map<String, Username> usernames) {
        this.current = ImmutableMap.copyOf(usernames);
    }

    @Override
    protected Map<String, Username> delegate() {
        return current;
    }

    @Override
    public Username get(Object operator) {
        Username username = current.get(operator);
        return username != null ? username : former.get(operator);
    }

    /** The operator whose user is {@code username}, on the roster now. */
    Optional<String> operator(Username username) {
        return current.entrySet().stream()
            .filter(entry -> entry.getValue().equals(username))
            .map(Map.Entry::getKey)
            .findFirst();
    }

    /** The roster changed: {@code operators}, in order, are on it now. */
    synchronized void roster(Iterable<String> operators, Map<String, Username> added) {
        ImmutableMap.Builder<String, Username> known = ImmutableMap.builder();
        known.putAll(former);
        current.forEach((operator, username) -> {
            if (!former.containsKey(operator)) {
                known.put(operator, username);
            }
        });
        Map<String, Username> all = known.buildKeepingLast();
        ImmutableMap.Builder<String, Username> next = ImmutableMap.builder();
        for (String operator : operators) {
            Username username = added.containsKey(operator) ? added.get(operator) : all.get(operator);
            next.put(operator, username);
        }
        ImmutableMap<String, Username> nextCurrent = next.build();
        ImmutableMap.Builder<String, Username> nextFormer = ImmutableMap.builder();
        all.forEach((operator, username) -> {
            if (!nextCurrent.containsKey(operator)) {
                nextFormer.put(operator, username);
            }
        });
        former = nextFormer.build();
        current = nextCurrent;
    }
}
