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

package org.mailplex.webadmin.dto;

import org.mailplex.state.WaitPercentiles;

/** Time waited in the queue over recent dispatches, in milliseconds. */
public class WaitedDto {
    public static WaitedDto from(WaitPercentiles percentiles) {
        return new WaitedDto(percentiles.samples(), percentiles.p50Millis(), percentiles.p95Millis(), percentiles.maxMillis());
    }

    private final int samples;
    private final long p50Millis;
    private final long p95Millis;
    private final long maxMillis;

    public WaitedDto(int samples, long p50Millis, long p95Millis, long maxMillis) {
        this.samples = samples;
        this.p50Millis = p50Millis;
        this.p95Millis = p95Millis;
        this.maxMillis = maxMillis;
    }

    public int getSamples() {
        return samples;
    }

    public long getP50Millis() {
        return p50Millis;
    }

    public long getP95Millis() {
        return p95Millis;
    }

    public long getMaxMillis() {
        return maxMillis;
    }
}
