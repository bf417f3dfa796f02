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

import java.time.Instant;
import java.util.Objects;

/** The notice a reclaim left in an operator's watched mailbox: where it is, and when it was left. */
public final class Notice {
    private final String operator;
    private final MessageLocation location;
    private final Instant leftAt;

    public Notice(String operator, MessageLocation location, Instant leftAt) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.location = Objects.requireNonNull(location, "location");
        this.leftAt = Objects.requireNonNull(leftAt, "leftAt");
    }

    public String operator() {
        return operator;
    }

    public MessageLocation location() {
        return location;
    }

    public Instant leftAt() {
        return leftAt;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Notice) {
            Notice that = (Notice) o;
            return operator.equals(that.operator) && location.equals(that.location) && leftAt.equals(that.leftAt);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(operator, location, leftAt);
    }

    @Override
    public String toString() {
        return "notice to " + operator + " in " + location + " left at " + leftAt;
    }
}
