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

import org.mailplex.core.ServiceLevel;

/** The share of the last day's mails released within the plex's {@code serviceLevelTarget}. */
public class ServiceLevelDto {
    public static ServiceLevelDto from(ServiceLevel level) {
        return new ServiceLevelDto(level.target().toMillis(), level.samples(), level.withinTarget(), level.ratio());
    }

    private final long targetMillis;
    private final long samples;
    private final long withinTarget;
    private final double ratio;

    public ServiceLevelDto(long targetMillis, long samples, long withinTarget, double ratio) {
        this.targetMillis = targetMillis;
        this.samples = samples;
        this.withinTarget = withinTarget;
        this.ratio = ratio;
    }

    public long getTargetMillis() {
        return targetMillis;
    }

    public long getSamples() {
        return samples;
    }

    public long getWithinTarget() {
        return withinTarget;
    }

    /** 1.0 when nothing was released. */
    public double getRatio() {
        return ratio;
    }
}
