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

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * The help desk's "X% within Y": the share of mails released within a target wait. A mail that
 * waited exactly the target counts as within it. With nothing released the level is 1.0: nobody
 * waited longer than the target.
 */
public final class ServiceLevel {
    private final Duration target;
    private final long samples;
    private final long withinTarget;

    private ServiceLevel(Duration target, long samples, long withinTarget) {
        this.target = target;
        this.samples = samples;
        this.withinTarget = withinTarget;
    }

    public static ServiceLevel of(Collection<Duration> waits, Duration target) {
        Objects.requireNonNull(target, "target");
        long within = waits.stream().filter(waited -> waited.compareTo(target) <= 0).count();
        return new ServiceLevel(target, waits.size(), within);
    }

    public Duration target() {
        return target;
    }

    /** Mails released in the sample. */
    public long samples() {
        return samples;
    }

    /** Of those, the ones released within the target. */
    public long withinTarget() {
        return withinTarget;
    }

    /** From 0.0 to 1.0; 1.0 for an empty sample. */
    public double ratio() {
        return samples == 0 ? 1.0 : (double) withinTarget / samples;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof ServiceLevel) {
            ServiceLevel that = (ServiceLevel) o;
            return target.equals(that.target) && samples == that.samples && withinTarget == that.withinTarget;
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, samples, withinTarget);
    }

    @Override
    public String toString() {
        return "ServiceLevel{" + withinTarget + "/" + samples + " within " + target + "}";
    }
}
