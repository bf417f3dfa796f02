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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several nodes (the stores shared in Cassandra): every {@code reconcileInterval} each node reads
 * again what another node may have changed, and applies it to its plexes: pauses and counters,
 * away operators and their notices, the roster, the operators' calendars. So a pause, a roster
 * change or a schedule made on any node holds on the lease holder within one {@code reconcileInterval}.
 * One node reads nothing again: it made every change itself.
 */
final class SharedStateRefresh {
    private static final Logger LOGGER = LoggerFactory.getLogger(SharedStateRefresh.class);

    private final PlexEnvironment environment;
    private final PlexRosters rosters;
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    SharedStateRefresh(PlexEnvironment environment, PlexRosters rosters) {
        this.environment = environment;
        this.rosters = rosters;
    }

    synchronized void start(Plex plex) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mailplex-shared-state");
                thread.setDaemon(true);
                return thread;
            });
        }
        long every = plex.configuration().reconcileInterval().toMillis();
        tasks.put(plex.name(), timer.scheduleWithFixedDelay(() -> refresh(plex), every, every, TimeUnit.MILLISECONDS));
    }

    /** At a takeover, on the plex's loop: the shared state read again before the new holder releases anything. */
    void refreshNow(Plex plex) {
        refresh(plex);
    }

    private synchronized void refresh(Plex plex) {
        try {
            environment.state.refresh(plex);
            environment.away.refresh();
            for (String operator : plex.scheduler().roster().operators()) {
                rosters.calendars().refresh(operator);
            }
            plex.onLoop(() -> {
                try {
                    rosters.refresh(plex);
                } catch (Exception e) {
                    LOGGER.warn("MailPlex {} could not read its shared roster; the next refresh retries", plex.name(), e);
                }
            });
        } catch (Exception e) {
            LOGGER.warn("MailPlex {} could not read its shared state; the next refresh retries", plex.name(), e);
        }
    }

    synchronized void stop(String plex) {
        ScheduledFuture<?> task = tasks.remove(plex);
        if (task != null) {
            task.cancel(false);
        }
    }

    synchronized void shutdown() {
        tasks.keySet().forEach(this::stop);
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
