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

package org.mailplex.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random arrivals, drains, readings, pauses, failures, sticky follow-ups, reclaims and returns from
 * away against an independent model of DESIGN.md's rule: no mail is held by two operators, the
 * oldest key (by original key, reclaimed ones included) goes first, an away operator is never chosen.
 */
class PlexSchedulerPropertiesTest {
    enum Kind { PARK, PARK_STICKY, OBSERVE, DRAIN, DISPATCH, DISPATCH_WITH_FAILURE, PAUSE, RESUME, ADVANCE, RECLAIM, BACK, ADD, REMOVE,
        OFF_DUTY, ON_DUTY }

    /** Names an ADD picks from: the starting roster's and a few more. */
    static final int NAMES = 8;

    static final class Action {
        final Kind kind;
        final int operator;
        final int count;

        Action(Kind kind, int operator, int count) {
            this.kind = kind;
            this.operator = operator;
            this.count = count;
        }

        @Override
        public String toString() {
            return kind + "(" + operator + "," + count + ")";
        }
    }

    /** The model: what DESIGN.md says, computed from scratch. */
    static final class ModelOperator {
        final String name;
        final int capacity;
        /** Free since this instant when first read empty: the start, or when she was added. */
        final Instant knownFrom;
        Long held;
        Instant freeSince;
        boolean paused;
        boolean away;
        boolean offDuty;
        /** Keys delivered to this operator and still in their mailbox, oldest first. */
        final Deque<String> holding = new ArrayDeque<>();

        ModelOperator(String name, int capacity, Instant knownFrom) {
            this.name = name;
            this.capacity = capacity;
            this.knownFrom = knownFrom;
        }

        boolean free() {
            return held != null && held < capacity;
        }

        boolean eligible() {
            return free() && !paused && !away && !offDuty;
        }

        /** The mailbox now holds {@code newHeld}; freeSince moves as DESIGN.md says. */
        void hold(long newHeld, Instant now) {
            boolean wasKnown = held != null;
            boolean wasFree = free();
            held = newHeld;
            if (free() && !wasFree) {
                freeSince = wasKnown ? now : knownFrom;
            } else if (!free()) {
                freeSince = null;
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> capacities() {
        return Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 4))
            .as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 1000)
    void everyAssignmentShouldFollowTheRule(@ForAll("capacities") List<Integer> capacities, @ForAll("actions") List<Action> actions) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        Instant start = clock.instant();
        List<String> names = new ArrayList<>();
        Map<String, Integer> capacityByName = new HashMap<>();
        List<ModelOperator> model = new ArrayList<>();
        for (int i = 0; i < capacities.size(); i++) {
            String name = "op" + i;
            names.add(name);
            capacityByName.put(name, capacities.get(i));
            model.add(new ModelOperator(name, capacities.get(i), start));
        }
        PlexScheduler scheduler = new PlexScheduler(Roster.of(names, capacityByName), clock);
        TreeSet<String> waiting = new TreeSet<>();
        TreeMap<String, String> sticky = new TreeMap<>();
        Set<String> delivered = new HashSet<>();
        int[] sequence = {0};

        for (Action action : actions) {
            ModelOperator op = model.get(action.operator % model.size());
            switch (action.kind) {
                case PARK:
                case PARK_STICKY: {
                    String ticket = String.format("t%05d", sequence[0]++);
                    waiting.add(ticket);
                    if (action.kind == Kind.PARK_STICKY) {
                        scheduler.parkFor(ticket, op.name);
                        sticky.put(ticket, op.name);
                    } else {
                        scheduler.park(ticket);
                    }
                    break;
                }
                case OBSERVE:
                case DRAIN: {
                    long held = action.kind == Kind.DRAIN ? 0 : action.count;
                    op.hold(held, clock.instant());
                    while (op.holding.size() > held) {
                        op.holding.removeFirst();
                    }
                    scheduler.observe(op.name, held);
                    break;
                }
                case RECLAIM: {
                    if (op.holding.isEmpty()) {
                        break;
                    }
                    String key = op.holding.removeFirst();
                    delivered.remove(key);
                    waiting.add(key);
                    op.hold(Math.max(0, op.held - 1), clock.instant());
                    op.away = true;
                    scheduler.reclaimed(key, op.name);
                    break;
                }
                case BACK:
                    if (op.away && op.free()) {
                        op.freeSince = clock.instant();
                    }
                    op.away = false;
                    scheduler.markBack(op.name);
                    break;
                case PAUSE:
                    op.paused = true;
                    scheduler.pause(op.name);
                    break;
                case RESUME:
                    if (op.paused && op.free()) {
                        op.freeSince = clock.instant();
                    }
                    op.paused = false;
                    scheduler.resume(op.name);
                    break;
                case ADVANCE:
                    clock.advance(Duration.ofMillis(1 + action.count));
                    break;
                case ADD: {
                    String name = "op" + ((action.operator + action.count) % NAMES);
                    if (model.stream().anyMatch(other -> other.name.equals(name))) {
                        break;
                    }
                    int capacity = 1 + action.count % 3;
                    int position = action.count % (model.size() + 1);
                    ModelOperator added = new ModelOperator(name, capacity, clock.instant());
                    model.add(position, added);
                    assertThat(scheduler.put(new RosterEntry(name, capacity, Optional.empty()), OptionalInt.of(position))).isTrue();
                    break;
                }
                case REMOVE: {
                    if (model.size() == 1) {
                        break;
                    }
                    model.remove(op);
                    // her follow-ups go by the rule; what she holds stays hers
                    sticky.values().removeIf(op.name::equals);
                    scheduler.remove(op.name);
                    break;
                }
                case OFF_DUTY:
                    op.offDuty = true;
                    scheduler.onDuty(op.name, false);
                    break;
                case ON_DUTY:
                    if (op.offDuty && op.free()) {
                        op.freeSince = clock.instant();
                    }
                    op.offDuty = false;
                    scheduler.onDuty(op.name, true);
                    break;
                case DISPATCH:
                case DISPATCH_WITH_FAILURE: {
                    boolean failOne = action.kind == Kind.DISPATCH_WITH_FAILURE;
                    while (true) {
                        Optional<Assignment> next = scheduler.next();
                        Optional<Map.Entry<String, ModelOperator>> expected = expectedAssignment(model, waiting, sticky);
                        if (next.isEmpty()) {
                            assertThat(expected).as("the model sees an assignment the scheduler does not").isEmpty();
                            break;
                        }
                        Assignment assignment = next.get();
                        assertThat(expected).isPresent();
                        assertThat(assignment.key()).isEqualTo(expected.get().getKey());
                        assertThat(assignment.operator()).isEqualTo(expected.get().getValue().name);
                        // no mail is held by two operators
                        assertThat(delivered).doesNotContain(assignment.key());
                        assertThat(model).noneMatch(other -> other.holding.contains(assignment.key()));
                        ModelOperator chosen = expected.get().getValue();
                        assertThat(chosen.away).as("an away operator is never chosen").isFalse();
                        assertThat(chosen.offDuty).as("an operator off duty is never chosen").isFalse();
                        assertThat(model).as("only an operator on the roster is chosen").contains(chosen);
                        boolean isSticky = sticky.containsKey(assignment.key());
                        if (!isSticky) {
                            assertThat(assignment.key()).isEqualTo(waiting.first());
                            assertThat(chosen.held + 1).isLessThanOrEqualTo(chosen.capacity);
                        }
                        // a flood of follow-ups never takes an operator further than the sticky extra
                        assertThat(chosen.held + 1).isLessThanOrEqualTo(chosen.capacity + PlexScheduler.DEFAULT_STICKY_EXTRA);
                        if (failOne) {
                            failOne = false;
                            scheduler.fail(assignment);
                            sticky.remove(assignment.key());
                            // the scheduler keeps the ticket waiting; the model does too
                            continue;
                        }
                        scheduler.complete(assignment);
                        waiting.remove(assignment.key());
                        sticky.remove(assignment.key());
                        delivered.add(assignment.key());
                        chosen.holding.addLast(assignment.key());
                        boolean wasFree = chosen.free();
                        chosen.held = chosen.held + 1;
                        if (!chosen.free()) {
                            chosen.freeSince = null;
                        } else if (!wasFree) {
                            chosen.freeSince = clock.instant();
                        }
                    }
                    assertThat(waiting.isEmpty() || model.stream().noneMatch(ModelOperator::eligible)).isTrue();
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
            assertThat(scheduler.waitingKeys()).containsExactlyElementsOf(waiting);
            for (ModelOperator modelOperator : model) {
                OperatorState state = scheduler.operator(modelOperator.name);
                assertThat(state.observedHeld()).isEqualTo(Optional.ofNullable(modelOperator.held));
                assertThat(state.freeSince()).isEqualTo(Optional.ofNullable(modelOperator.freeSince));
                assertThat(state.paused()).isEqualTo(modelOperator.paused);
                assertThat(state.away()).isEqualTo(modelOperator.away);
                assertThat(state.onDuty()).isEqualTo(!modelOperator.offDuty);
            }
            assertThat(scheduler.operators()).extracting(OperatorState::name)
                .containsExactlyElementsOf(model.stream().map(o -> o.name).collect(Collectors.toList()));
            assertThat(scheduler.roster().operators()).containsExactlyElementsOf(model.stream().map(o -> o.name).collect(Collectors.toList()));
        }
    }

    /**
     * Sticky follow-ups first (oldest first) to a known, unpaused operator holding fewer than their
     * capacity plus the sticky extra; then the oldest ticket to the best eligible one.
     */
    private static Optional<Map.Entry<String, ModelOperator>> expectedAssignment(List<ModelOperator> model, TreeSet<String> waiting,
                                                                                 TreeMap<String, String> sticky) {
        for (Map.Entry<String, String> entry : sticky.entrySet()) {
            ModelOperator op = model.stream().filter(o -> o.name.equals(entry.getValue())).findFirst().orElseThrow();
            if (op.held != null && !op.paused && !op.away && !op.offDuty && op.held < op.capacity + PlexScheduler.DEFAULT_STICKY_EXTRA) {
                return Optional.of(Map.entry(entry.getKey(), op));
            }
        }
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        return model.stream()
            .filter(ModelOperator::eligible)
            .min(Comparator.<ModelOperator>comparingLong(o -> o.held)
                .thenComparing(o -> o.freeSince)
                .thenComparingInt(model::indexOf))
            .map(op -> Map.entry(waiting.first(), op));
    }
}
