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
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.mailplex.core.OperatorState;
import org.mailplex.core.PlexEvents;
import org.mailplex.core.Release;
import org.mailplex.plex.DurablePlexState;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.Plex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plex metrics published through James's {@link MetricFactory} and {@link GaugeRegistry}
 * (James's Prometheus export turns every other character into {@code _}), per plex:
 * {@code mailplex_queue_depth.<plex>} (gauge: parked mails), {@code mailplex_dispatched.<plex>}
 * (counter: mails released, counted across restarts as {@code /stats} counts them),
 * {@code mailplex_vanished.<plex>} (counter: parked mails the queue no longer had when their turn
 * came), {@code mailplex_waited_p50_ms.<plex>}, {@code mailplex_waited_p95_ms.<plex>},
 * {@code mailplex_waited_max_ms.<plex>} (gauges over the recent waiting times the stats route shows).
 * {@code mailplex_delivered_not_removed.<plex>} (gauge: mails in their operator's mailbox whose
 * removal from the queue failed and is being retried), {@code mailplex_refusing.<plex>} (gauge:
 * operators whose mailbox refuses mail after mail, skipped), {@code mailplex_on_shift.<plex>} (gauge:
 * operators on shift and not absent now). Every counter exists from the plex's start.
 *
 * <p>Deprecated names, kept for one release: the plex is part of each name, so one query cannot
 * cover every plex, and {@code _ms} is not a base unit. {@code /mailplex-metrics}
 * ({@code org.mailplex.webadmin.MailPlexMetricsRoutes}) serves the same figures as labelled families.</p>
 */
@Singleton
public class PlexMetrics implements PlexEvents {
    public static final String QUEUE_DEPTH = "mailplex_queue_depth.";
    public static final String LEADER = "mailplex_leader.";
    public static final String TAKEOVERS = "mailplex_takeovers.";
    public static final String DISPATCHED = "mailplex_dispatched.";
    public static final String VANISHED = "mailplex_vanished.";
    public static final String STUCK = "mailplex_stuck.";
    public static final String LOOPS = "mailplex_loops.";
    public static final String FINISHED_AT_START = "mailplex_finished_at_start.";
    public static final String AWAY = "mailplex_away.";
    public static final String RECLAIMED = "mailplex_reclaimed.";
    public static final String DELIVERED_NOT_REMOVED = "mailplex_delivered_not_removed.";
    public static final String REFUSING = "mailplex_refusing.";
    public static final String WAITED_P50 = "mailplex_waited_p50_ms.";
    public static final String WAITED_P95 = "mailplex_waited_p95_ms.";
    public static final String WAITED_MAX = "mailplex_waited_max_ms.";
    /** Operators of the plex on shift and not absent now. */
    public static final String ON_SHIFT = "mailplex_on_shift.";

    private static final Logger LOGGER = LoggerFactory.getLogger(PlexMetrics.class);

    private final MetricFactory metricFactory;
    private final GaugeRegistry gaugeRegistry;
    private final DurablePlexState state;
    private final Provider<MailPlexService> plexes;

    @Inject
    public PlexMetrics(MetricFactory metricFactory, GaugeRegistry gaugeRegistry, DurablePlexState state, Provider<MailPlexService> plexes) {
        this.metricFactory = metricFactory;
        this.gaugeRegistry = gaugeRegistry;
        this.state = state;
        this.plexes = plexes;
    }

    /** A plex started: its gauges, once per registry. */
    @Override
    public void started(String name) {
        plexes.get().plexes().stream().filter(plex -> plex.name().equals(name)).findFirst().ifPresent(this::register);
    }

    private void register(Plex plex) {
        String name = plex.name();
        startCounters(plex);
        try {
            gaugeRegistry.register(QUEUE_DEPTH + name, plex::queueDepth);
            gaugeRegistry.register(STUCK + name, plex::stuckCount);
            gaugeRegistry.register(FINISHED_AT_START + name, plex::finishedAtStart);
            gaugeRegistry.register(AWAY + name, plex::awayCount);
            gaugeRegistry.register(ON_SHIFT + name, () -> plexes.get().rosters().duties().onDutyCount(plex));
            gaugeRegistry.register(LEADER + name, () -> plexes.get().lease(plex).leader() ? 1 : 0);
            gaugeRegistry.register(DELIVERED_NOT_REMOVED + name, () -> plex.deliveredNotRemoved().size());
            gaugeRegistry.register(REFUSING + name, () -> plex.operatorStates().stream().filter(OperatorState::refusing).count());
            gaugeRegistry.register(WAITED_P50 + name, () -> state.waits(name).p50Millis());
            gaugeRegistry.register(WAITED_P95 + name, () -> state.waits(name).p95Millis());
            gaugeRegistry.register(WAITED_MAX + name, () -> state.waits(name).maxMillis());
        } catch (IllegalArgumentException e) {
            // Dropwizard refuses a second gauge of the same name: a plex started twice in one registry.
            LOGGER.debug("MailPlex {} gauges are already registered", name, e);
        }
    }

    /**
     * Every counter of {@code plex} exists from the start, at zero or, for the dispatched and
     * reclaimed mails, at the count kept across restarts (as {@code /stats} shows it).
     */
    public void startCounters(Plex plex) {
        String name = plex.name();
        atLeast(metricFactory.generate(DISPATCHED + name), state.state(name).dispatched().values().stream().mapToLong(Long::longValue).sum());
        atLeast(metricFactory.generate(RECLAIMED + name), state.state(name).reclaimed().values().stream().mapToLong(Long::longValue).sum());
        metricFactory.generate(LOOPS + name);
        metricFactory.generate(VANISHED + name);
        metricFactory.generate(TAKEOVERS + name);
    }

    private static void atLeast(Metric counter, long count) {
        long missing = count - counter.getCount();
        if (missing > 0) {
            counter.add((int) Math.min(Integer.MAX_VALUE, missing));
        }
    }

    /** Mails of {@code plex} that came back to it since James started. */
    public long loops(String plex) {
        return metricFactory.generate(LOOPS + plex).getCount();
    }

    /** Parked mails of {@code plex} found gone from its queue since James started. */
    public long vanished(String plex) {
        return metricFactory.generate(VANISHED + plex).getCount();
    }

    @Override
    public void reclaimed(String plex, String key, String operator, String messageId) {
        metricFactory.generate(RECLAIMED + plex).increment();
    }

    @Override
    public void released(String plex, Release release) {
        metricFactory.generate(DISPATCHED + plex).increment();
    }

    @Override
    public void leaseGained(String plex, long epoch) {
        metricFactory.generate(TAKEOVERS + plex).increment();
    }

    @Override
    public void loop(String plex, String key) {
        metricFactory.generate(LOOPS + plex).increment();
    }

    @Override
    public void vanished(String plex, String key) {
        metricFactory.generate(VANISHED + plex).increment();
    }
}
