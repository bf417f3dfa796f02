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
import java.util.Optional;

/** A plex's lease as its store holds it: who holds it (nobody once it expired) and its epoch (0 before anyone took it). */
public final class LeaseRecord {
    public static final LeaseRecord NEVER_HELD = new LeaseRecord(Optional.empty(), 0);

    private final Optional<String> holder;
    private final long epoch;

    public LeaseRecord(Optional<String> holder, long epoch) {
        this.holder = Objects.requireNonNull(holder, "holder");
        this.epoch = epoch;
    }

    public Optional<String> holder() {
        return holder;
    }

    public long epoch() {
        return epoch;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof LeaseRecord) {
            LeaseRecord that = (LeaseRecord) o;
            return holder.equals(that.holder) && epoch == that.epoch;
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(holder, epoch);
    }

    @Override
    public String toString() {
        return holder.orElse("nobody") + "@" + epoch;
    }
}
