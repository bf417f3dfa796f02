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

package org.mailplex.plex;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * One {@link PlexDuty} per started plex: applies schedules and absences when a plex starts, when
 * an operator's calendar changes or she joins a roster, and at every shift boundary.
 */
@Singleton
public class PlexDuties {
    private final OperatorCalendars calendars;
    private final Clock clock;
    private final Map<String, PlexDuty> duties = new ConcurrentHashMap<>();
    private final Map<String, Plex> plexes = new ConcurrentHashMap<>();

    @Inject
    public PlexDuties(OperatorCalendars calendars, Clock clock) {
        this.calendars = calendars;
        this.clock = clock;
        calendars.listen(this::calendarChanged);
    }

    public OperatorCalendars calendars() {
        return calendars;
    }

    /** A starting plex: its operators' calendars are read (one that cannot be read stops the plex), then applied on its loop. */
    void attach(Plex plex) throws IOException {
        for (String operator : plex.scheduler().roster().operators()) {
            calendars.load(operator);
        }
        PlexDuty duty = new PlexDuty(plex, calendars, clock);
        duties.put(plex.name(), duty);
        plexes.put(plex.name(), plex);
        plex.onLoop(duty::apply);
    }

    void detach(Plex plex) {
        duties.remove(plex.name());
        plexes.remove(plex.name());
    }

    /** {@code operator} joined the roster of {@code plex}; call it on its loop. */
    void joined(Plex plex, String operator) throws IOException {
        calendars.load(operator);
        Optional.ofNullable(duties.get(plex.name())).ifPresent(PlexDuty::apply);
    }

    /** Operators of {@code plex} on duty now. */
    public int onDutyCount(Plex plex) {
        return Optional.ofNullable(duties.get(plex.name())).map(PlexDuty::onDutyCount).orElse(0);
    }

    private void calendarChanged(String operator) {
        duties.forEach((name, duty) -> {
            Plex plex = plexes.get(name);
            if (plex != null && plex.scheduler().roster().contains(operator)) {
                plex.onLoop(duty::apply);
            }
        });
    }
}
