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

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.mailplex.plex.DurablePlexState;
import org.mailplex.plex.Plex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plex metrics published through James's {@link MetricFactory} and {@link GaugeRegistry}
 * (James's Prometheus export turns every other character into {@code _}), per plex:
 * {@code mailplex_queue_depth.<plex>} (gauge: parked mails), {@code mailplex_dispatched.<plex>}
 * (counter: mails released since start), {@code mailplex_vanished.<plex>} (counter: parked mails
 * the queue no longer had when their turn came), {@code mailplex_waited_p50_ms.<plex>},
 * {@code mailplex_waited_p95_ms.<plex>}, {@code mailplex_waited_max_ms.<plex>} (gauges over the
 * recent waiting times the stats route shows), {@code mailplex_on_shift.<plex>} (gauge: operators on
 * shift and not absent now).
 */
@Singleton
public class PlexMetrics {
    public static final String QUEUE_DEPTH = "mailplex_queue_depth.";
    public static final String DISPATCHED = "mailplex_dispatched.";
    public static final String VANISHED = "mailplex_vanished.";
    public static final String STUCK = "mailplex_stuck.";
    public static final String LOOPS = "mailplex_loops.";
    public static final String FINISHED_AT_START = "mailplex_finished_at_start.";
    public static final String AWAY = "mailplex_away.";
    public static final String RECLAIMED = "mailplex_reclaimed.";
    public static final String WAITED_P50 = "mailplex_waited_p50_ms.";
    public static final String WAITED_P95 = "mailplex_waited_p95_ms.";
    public static final String WAITED_MAX = "mailplex_waited_max_ms.";
    /** Operators of the plex on shift and not absent now. */
    public static final String ON_SHIFT = "mailplex_on_shift.";

    private static final Logger LOGGER = LoggerFactory.getLogger(PlexMetrics.class);

    private final MetricFactory metricFactory;
    private final GaugeRegistry gaugeRegistry;
    private final DurablePlexState state;

    @Inject
    public PlexMetrics(MetricFactory metricFactory, GaugeRegistry gaugeRegistry, DurablePlexState state) {
        this.metricFactory = metricFactory;
        this.gaugeRegistry = gaugeRegistry;
        this.state = state;
    }

    public void register(Plex plex) {
        String name = plex.name();
        try {
            gaugeRegistry.register(QUEUE_DEPTH + name, plex::queueDepth);
            gaugeRegistry.register(STUCK + name, plex::stuckCount);
            gaugeRegistry.register(FINISHED_AT_START + name, plex::finishedAtStart);
            gaugeRegistry.register(AWAY + name, plex::awayCount);
            gaugeRegistry.register(WAITED_P50 + name, () -> state.waits(name).p50Millis());
            gaugeRegistry.register(WAITED_P95 + name, () -> state.waits(name).p95Millis());
            gaugeRegistry.register(WAITED_MAX + name, () -> state.waits(name).maxMillis());
        } catch (IllegalArgumentException e) {
            // Dropwizard refuses a second gauge of the same name: a plex started twice in one registry.
            LOGGER.debug("MailPlex {} gauges are already registered", name, e);
        }
    }

    /** {@code mailplex_on_shift.<plex>}: operators on duty now. */
    public void registerOnShift(Plex plex, Gauge<Integer> onShift) {
        try {
            gaugeRegistry.register(ON_SHIFT + plex.name(), onShift);
        } catch (IllegalArgumentException e) {
            LOGGER.debug("MailPlex {} on-shift gauge is already registered", plex.name(), e);
        }
    }

    public void reclaimed(Plex plex) {
        metricFactory.generate(RECLAIMED + plex.name()).increment();
    }

    public void released(Plex plex) {
        metricFactory.generate(DISPATCHED + plex.name()).increment();
    }

    public void loop(Plex plex) {
        metricFactory.generate(LOOPS + plex.name()).increment();
    }

    public void vanished(Plex plex) {
        metricFactory.generate(VANISHED + plex.name()).increment();
    }
}
