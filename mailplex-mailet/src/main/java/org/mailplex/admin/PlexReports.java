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

package org.mailplex.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.mailplex.core.DayReport;
import org.mailplex.core.OperatorCalendar;
import org.mailplex.plex.Plex;

/** A plex's figures over its last day of releases, as the stats route, the console and the metrics show them. */
public class PlexReports {
    private static final Duration DAY = Duration.ofDays(1);

    private final Clock clock;
    private final Function<String, OperatorCalendar> calendars;

    @Inject
    public PlexReports(Clock clock, MailPlexAdministration administration) {
        this(clock, operator -> administration.rosters().calendars().calendar(operator));
    }

    PlexReports(Clock clock, Function<String, OperatorCalendar> calendars) {
        this.clock = clock;
        this.calendars = calendars;
    }

    /** The last day's figures; the fairness counts the roster operators who were on shift at some time of that day. */
    public DayReport lastDay(Plex plex) {
        Instant now = clock.instant();
        Instant dayAgo = now.minus(DAY);
        List<String> onShift = plex.roster().operators().stream()
            .filter(operator -> calendars.apply(operator).onDutyDuring(dayAgo, now))
            .collect(Collectors.toList());
        return DayReport.of(plex.recentReleases(), onShift, now, plex.configuration().serviceLevelTarget());
    }
}
