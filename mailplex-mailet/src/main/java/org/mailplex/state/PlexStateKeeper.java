package org.mailplex.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.mailplex.core.Assignment;
import org.mailplex.james.PlexDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime state of every plex that must outlive a restart, kept in a {@link MailPlexStateStore},
 * and the plex metrics published through James's {@link MetricFactory} and {@link GaugeRegistry}.
 *
 * <p>When a plex starts ({@link #attach(PlexDispatcher)}) its paused operators are paused again
 * and its dispatches are counted from then on. A pause or resume is saved before it takes effect:
 * when saving fails nothing changes.</p>
 *
 * <p>Metrics, per plex (James's Prometheus export turns every other character into {@code _}):
 * {@code mailplex_queue_depth.<plex>} (gauge: parked mails), {@code mailplex_dispatched.<plex>}
 * (counter: mails released since start), {@code mailplex_waited_p50_ms.<plex>},
 * {@code mailplex_waited_p95_ms.<plex>}, {@code mailplex_waited_max_ms.<plex>} (gauges over the
 * recent waiting times the stats route shows).</p>
 */
@Singleton
public class PlexStateKeeper {
    public static final String QUEUE_DEPTH = "mailplex_queue_depth.";
    public static final String DISPATCHED = "mailplex_dispatched.";
    public static final String WAITED_P50 = "mailplex_waited_p50_ms.";
    public static final String WAITED_P95 = "mailplex_waited_p95_ms.";
    public static final String WAITED_MAX = "mailplex_waited_max_ms.";

    private static final Logger LOGGER = LoggerFactory.getLogger(PlexStateKeeper.class);

    private final MailPlexStateStore store;
    private final MetricFactory metricFactory;
    private final GaugeRegistry gaugeRegistry;
    private final Map<String, PlexState> states = new ConcurrentHashMap<>();

    @Inject
    public PlexStateKeeper(MailPlexStateStore store, MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        this.store = store;
        this.metricFactory = metricFactory;
        this.gaugeRegistry = gaugeRegistry;
    }

    /** Restores a starting plex's pauses, registers its gauges and counts its dispatches. */
    public void attach(PlexDispatcher dispatcher) {
        String plex = dispatcher.configuration().account().asString();
        PlexState state = loadOrEmpty(plex);
        states.put(plex, state);
        for (String operator : state.paused()) {
            if (dispatcher.scheduler().roster().contains(operator)) {
                dispatcher.scheduler().pause(operator);
                LOGGER.info("MailPlex {}: {} is still paused", plex, operator);
            }
        }
        registerGauges(plex, dispatcher);
        dispatcher.onRelease(this::released);
    }

    private PlexState loadOrEmpty(String plex) {
        try {
            return store.load(plex);
        } catch (IOException | RuntimeException e) {
            LOGGER.error("MailPlex {} could not read its state; starting with no operator paused and no counters", plex, e);
            return PlexState.empty();
        }
    }

    private void registerGauges(String plex, PlexDispatcher dispatcher) {
        try {
            gaugeRegistry.register(QUEUE_DEPTH + plex,
                () -> dispatcher.scheduler().waitingCount() + dispatcher.scheduler().inFlightCount());
            gaugeRegistry.register(WAITED_P50 + plex, () -> waits(plex).p50Millis());
            gaugeRegistry.register(WAITED_P95 + plex, () -> waits(plex).p95Millis());
            gaugeRegistry.register(WAITED_MAX + plex, () -> waits(plex).maxMillis());
        } catch (IllegalArgumentException e) {
            // Dropwizard refuses a second gauge of the same name: a plex started twice in one registry.
            LOGGER.debug("MailPlex {} gauges are already registered", plex, e);
        }
    }

    /** The state of {@code plex} now. */
    public PlexState state(String plex) {
        return states.getOrDefault(plex, PlexState.empty());
    }

    /** Recent waiting times over all operators of {@code plex}. */
    public WaitPercentiles waits(String plex) {
        return WaitPercentiles.of(state(plex).recentWaitsMillis().values().stream()
            .flatMap(List::stream)
            .collect(Collectors.toList()));
    }

    public WaitPercentiles waits(String plex, String operator) {
        return WaitPercentiles.of(state(plex).recentWaitsMillis(operator));
    }

    /** Pauses {@code operator}: saved first, then the operator gets nothing more. */
    public synchronized void pause(PlexDispatcher dispatcher, String operator) {
        String plex = dispatcher.configuration().account().asString();
        save(plex, state(plex).withPaused(operator, true));
        dispatcher.scheduler().pause(operator);
        LOGGER.info("MailPlex {}: {} paused", plex, operator);
    }

    /** Resumes {@code operator}: saved first, then the operator takes mail again. */
    public synchronized void resume(PlexDispatcher dispatcher, String operator) {
        String plex = dispatcher.configuration().account().asString();
        save(plex, state(plex).withPaused(operator, false));
        dispatcher.scheduler().resume(operator);
        dispatcher.wake();
        LOGGER.info("MailPlex {}: {} resumed", plex, operator);
    }

    private void save(String plex, PlexState state) {
        try {
            store.save(plex, state);
            states.put(plex, state);
        } catch (IOException e) {
            throw new UncheckedIOException("MailPlex " + plex + " could not save its state", e);
        }
    }

    private synchronized void released(PlexDispatcher dispatcher, Assignment assignment, Duration waited) {
        String plex = dispatcher.configuration().account().asString();
        metricFactory.generate(DISPATCHED + plex).increment();
        PlexState next = state(plex).withDispatch(assignment.operator(), waited.toMillis());
        states.put(plex, next);
        try {
            store.save(plex, next);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("MailPlex {} could not save its counters after releasing {}; they are kept in memory",
                plex, assignment.ticket(), e);
        }
    }
}
