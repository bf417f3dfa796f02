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

import java.time.Instant;
import java.util.Objects;

/** A planned absence of one person (a holiday), from an instant until another; its id cancels it. */
public final class Absence {
    private final String id;
    private final Instant from;
    private final Instant until;

    public Absence(String id, Instant from, Instant until) {
        this.id = Objects.requireNonNull(id, "id");
        this.from = Objects.requireNonNull(from, "from");
        this.until = Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("'until' " + until + " must be after 'from' " + from);
        }
    }

    public String id() {
        return id;
    }

    public Instant from() {
        return from;
    }

    public Instant until() {
        return until;
    }

    /** Whether {@code instant} is inside the absence: from included, until excluded. */
    public boolean covers(Instant instant) {
        return !from.isAfter(instant) && until.isAfter(instant);
    }

    /** Over at {@code instant}: nothing left to plan for. */
    public boolean isPast(Instant instant) {
        return !until.isAfter(instant);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Absence) {
            Absence that = (Absence) o;
            return id.equals(that.id) && from.equals(that.from) && until.equals(that.until);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, from, until);
    }

    @Override
    public String toString() {
        return "absence " + id + " from " + from + " until " + until;
    }
}
