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
 * its loop (assigning, deleting or putting back a parked or a stuck mail): what, on which queue key,
 * for whom ({@link #NO_OPERATOR} for an action that names nobody).
 */
public final class HolderRequest {
    /** Hand a waiting mail to an operator now. */
    public static final String ASSIGN = "assign";
    /** Put a stuck mail back and hand it to an operator now. */
    public static final String ASSIGN_STUCK = "assign-stuck";
    /** Take a waiting mail out of the queue. */
    public static final String DELETE = "delete";
    /** Put a stuck mail back at its place in the queue. */
    public static final String RETRY_STUCK = "retry-stuck";
    /** Delete a stuck mail. */
    public static final String DELETE_STUCK = "delete-stuck";
    /** The operator of an action that names none. */
    public static final String NO_OPERATOR = "";

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
        return action + " " + key + (operator.isEmpty() ? "" : " to " + operator) + " (" + id + ")";
    }
}
