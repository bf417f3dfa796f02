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

import java.util.Objects;

/**
 * An admin's action made on a node that does not hold the plex's lease, for the holder to run on
 * its loop (assigning a parked or a stuck mail to an operator): what, on which queue key, for whom.
 */
public final class HolderRequest {
    /** Hand a waiting mail to an operator now. */
    public static final String ASSIGN = "assign";
    /** Put a stuck mail back and hand it to an operator now. */
    public static final String ASSIGN_STUCK = "assign-stuck";

    private final String id;
    private final String action;
    private final String key;
    private final String operator;

    public HolderRequest(String id, String action, String key, String operator) {
        this.id = Objects.requireNonNull(id, "id");
        this.action = Objects.requireNonNull(action, "action");
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public String id() {
        return id;
    }

    public String action() {
        return action;
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof HolderRequest) {
            HolderRequest that = (HolderRequest) o;
            return id.equals(that.id) && action.equals(that.action) && key.equals(that.key) && operator.equals(that.operator);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, action, key, operator);
    }

    @Override
    public String toString() {
        return action + " " + key + " to " + operator + " (" + id + ")";
    }
}
