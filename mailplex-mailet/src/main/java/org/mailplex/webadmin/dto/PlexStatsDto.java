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

import java.util.List;

/** {@code GET /mailplex/{plex}/stats}. */
public class PlexStatsDto {
    private final String plex;
    private final long dispatched;
    private final WaitedDto waited;
    private final List<OperatorStatsDto> operators;
    private final ServiceLevelDto serviceLevel;
    private final double fairness;
    private final LastDayDto lastDay;

    public PlexStatsDto(String plex, long dispatched, WaitedDto waited, List<OperatorStatsDto> operators, ServiceLevelDto serviceLevel,
                        double fairness, LastDayDto lastDay) {
        this.plex = plex;
        this.dispatched = dispatched;
        this.waited = waited;
        this.operators = operators;
        this.serviceLevel = serviceLevel;
        this.fairness = fairness;
        this.lastDay = lastDay;
    }

    /** The share of the last 24 hours' mails released within the plex's {@code serviceLevelTarget}. */
    public ServiceLevelDto getServiceLevel() {
        return serviceLevel;
    }

    /** Jain's index over the mails each roster operator was given in the last 24 hours: 1.0 is perfectly even. */
    public double getFairness() {
        return fairness;
    }

    /** The last 24 hours of releases: per operator, per wait bucket, per hour. */
    public LastDayDto getLastDay() {
        return lastDay;
    }

    public String getPlex() {
        return plex;
    }

    public long getDispatched() {
        return dispatched;
    }

    public WaitedDto getWaited() {
        return waited;
    }

    public List<OperatorStatsDto> getOperators() {
        return operators;
    }

    public static class OperatorStatsDto {
        private final String operator;
        private final long dispatched;
        private final long reclaimed;
        private final WaitedDto waited;

        public OperatorStatsDto(String operator, long dispatched, long reclaimed, WaitedDto waited) {
            this.operator = operator;
            this.dispatched = dispatched;
            this.reclaimed = reclaimed;
            this.waited = waited;
        }

        /** Mails taken back from this operator, unopened, since the state was first written. */
        public long getReclaimed() {
            return reclaimed;
        }

        public String getOperator() {
            return operator;
        }

        public long getDispatched() {
            return dispatched;
        }

        public WaitedDto getWaited() {
            return waited;
        }
    }
}
