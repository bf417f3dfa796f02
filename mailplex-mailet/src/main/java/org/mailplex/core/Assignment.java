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

/** One parked mail (its queue key) handed to one operator: the unit the release loop delivers, then completes or fails. */
public final class Assignment {
    private final String key;
    private final String operator;

    public Assignment(String key, String operator) {
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Assignment) {
            Assignment that = (Assignment) o;
            return key.equals(that.key) && operator.equals(that.operator);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator);
    }

    @Override
    public String toString() {
        return key + " -> " + operator;
    }
}
