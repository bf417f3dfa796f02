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
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.mailplex.core.PlexEvents;
import org.mailplex.core.Release;
import org.mailplex.state.PlexState;
import org.mailplex.state.PlexStateStore;
import org.mailplex.state.WaitPercentiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every plex keeps across a James restart: paused operators, and per operator the mails
 * dispatched and the recent waiting times. Held in memory, saved whole to a {@link PlexStateStore}
 * on every change: a pause or resume before it takes effect; counters after a release or a reclaim
 * by a writer thread of their own, coalesced (saves asked for while one is pending make one), so
 * that no release waits for the state file's forced writes; and the last counters when a plex stops.
 *
 * <p>When a plex starts ({@link #attach(Plex)}) its paused operators are paused again; a state that
 * cannot be read stops the plex (and James) with the file and line. A pause or resume is saved
 * before it takes effect: when saving fails nothing changes.</p>
 */
@Singleton
public class DurablePlexState implements PlexEvents {
    private static final Logger LOGGER = LoggerFactory.getLogger(DurablePlexState.class);

    private final PlexStateStore store;
    private final Map<String, PlexState> states = new ConcurrentHashMap<>();
    /** Held while the store writes, and while {@link #states} changes after a write: the writer always saves the newest. */
    private final Object writing = new Object();
    /** Plexes whose counters wait for the writer. */
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mailplex-state-writer");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public DurablePlexState(PlexStateStore store) {
        this.store = store;
    }

    /** Restores a starting plex's pauses. */
    void attach(Plex plex) throws IOException {
        PlexState state = store.load(plex.name());
        states.put(plex.name(), state);
        for (String operator : state.paused()) {
            if (plex.operators().contains(operator)) {
                plex.pausedAtStart(operator);
                LOGGER.info("MailPlex {}: {} is still paused", plex.name(), operator);
            }
        }
    }

    /**
     * Several nodes: reads {@code plex}'s state again (another node may have paused or resumed
     * someone, or counted releases as the lease holder) and applies its pauses to {@code plex} on
     * its loop. A read that fails keeps what is known, and the next refresh retries.
     */
    void refresh(Plex plex) throws IOException {
        PlexState state;
        synchronized (this) {
            state = store.load(plex.name());
            states.put(plex.name(), state);
        }
        plex.onLoop(() -> plex.pausesAre(state.paused()));
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

    /** Saves that {@code operator} is paused in {@code plex}; the plex then pauses them on its loop. */
    public synchronized void paused(String plex, String operator) {
        save(plex, state(plex).withPaused(operator, true));
        LOGGER.info("MailPlex {}: {} paused", plex, operator);
    }

    /** One more mail taken back from {@code operator}: counted and saved (kept in memory when saving fails). */
    @Override
    public synchronized void reclaimed(String plex, String key, String operator, String messageId) {
        count(plex, state(plex).withReclaim(operator), "a reclaim from", operator);
    }

    /** Counters are kept in memory when they cannot be saved: a full disk must not stop releases. */
    private void count(String plex, PlexState next, String after, String what) {
        states.put(plex, next);
        if (unsaved.add(plex)) {
            try {
                writer.execute(() -> saveCounters(plex, after, what));
            } catch (RuntimeException e) {
                unsaved.remove(plex);
                LOGGER.warn("MailPlex {} could not save its counters after {} {}; they are kept in memory", plex, after, what, e);
            }
        }
    }

    private void saveCounters(String plex, String after, String what) {
        unsaved.remove(plex);
        synchronized (writing) {
            try {
                store.save(plex, state(plex));
            } catch (IOException | RuntimeException e) {
                LOGGER.warn("MailPlex {} could not save its counters after {} {}; they are kept in memory", plex, after, what, e);
            }
        }
    }

    /** A plex stops: its last counters are saved now, not left to the writer. */
    @Override
    public void stopped(String plex) {
        if (unsaved.remove(plex)) {
            saveCounters(plex, "stopping", "the plex");
        }
    }

    /** Saves that {@code operator} is no longer paused in {@code plex}; the plex then resumes them on its loop. */
    public synchronized void resumed(String plex, String operator) {
        save(plex, state(plex).withPaused(operator, false));
        LOGGER.info("MailPlex {}: {} resumed", plex, operator);
    }

    private void save(String plex, PlexState state) {
        synchronized (writing) {
            try {
                store.save(plex, state);
                states.put(plex, state);
            } catch (IOException e) {
                throw new UncheckedIOException("MailPlex " + plex + " could not save its state", e);
            }
        }
    }

    /** One more mail given: counted and saved (kept in memory when saving fails). */
    @Override
    public synchronized void released(String plex, Release release) {
        count(plex, state(plex).withDispatch(release.operator(), release.waited().toMillis()), "releasing", release.key());
    }
}
