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

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routing rule of one plex, in plain Java.
 *
 * <p>Whenever a key (a parked mail) waits and some operator is eligible (known, not paused, not
 * away, holding fewer mails than their capacity), the oldest key goes to the eligible operator with
 * the smallest {@code (held, freeSince, rosterIndex)}. With capacity 1 this is the seed's rule:
 * the operator whose mailbox has been empty the longest, ties broken by roster order.</p>
 *
 * <p>A key an operator's mailbox refused (over quota) goes to the next eligible operator who has
 * not refused it; an operator whose mailbox refuses mail after mail is {@linkplain #markRefusing
 * refusing} and not eligible until it takes mail again.</p>
 *
 * <p>An operator counts as holding a mail from the moment it is assigned ({@link #next()}), before
 * its delivery is visible in the mailbox, so no operator is given two mails at once by a race.
 * Held counts come from {@link #observe(String, long)}: the mailbox is the source of truth.</p>
 *
 * <p>Keys are strings that sort by arrival (see {@link QueueKeys}); the oldest is the smallest.
 * A decision costs O(log n) in operators and keys. Every method is thread safe.</p>
 *
 * <p>One class on purpose: every method must keep the eligible set ordered under one lock, and the
 * jqwik model test checks the whole of it against an independent model.</p>
 */
public final class PlexScheduler {
    /** By default a busy operator may hold one mail beyond capacity through a follow-up. */
    public static final int DEFAULT_STICKY_EXTRA = 1;

    private static final Comparator<Operator> PRIORITY = Comparator
        .comparingLong(Operator::held)
        .thenComparing(operator -> operator.freeSince)
        .thenComparingInt(operator -> operator.rosterIndex);

    private final Clock clock;
    private final Instant start;
    private Roster roster;
    private final Map<String, Operator> operators = new LinkedHashMap<>();
    /** Operators taken off the roster while a delivery to them was in flight, until it ends. */
    private final Map<String, Operator> leaving = new HashMap<>();
    private final NavigableSet<Operator> eligible = new TreeSet<>(PRIORITY);
    private final NavigableSet<String> waiting = new TreeSet<>();
    private final Map<String, Assignment> inFlight = new HashMap<>();
    /** Follow-ups: key to the operator of its conversation, and per operator its follow-ups oldest first. */
    private final Map<String, String> preferred = new HashMap<>();
    private final Map<String, NavigableSet<String>> followUps = new HashMap<>();
    private final int stickyExtra;
    private final Map<String, Instant> freeSinceBeforeAssignment = new HashMap<>();
    /** Keys whose delivery failed because of the mail itself, each until its retry instant. */
    private final Map<String, Instant> deferred = new HashMap<>();
    private final NavigableSet<Map.Entry<Instant, String>> retries = new TreeSet<>(
        Map.Entry.<Instant, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
    /** Keys some operators' mailboxes refused (over quota, I/O failure): each goes to anyone but them. */
    private final Map<String, Set<String>> refused = new HashMap<>();

    public PlexScheduler(Roster roster, Clock clock) {
        this(roster, clock, DEFAULT_STICKY_EXTRA);
    }

    /**
     * @param stickyExtra how many mails beyond their capacity an operator may hold through the
     *     follow-ups of their own conversations; past that a follow-up waits like any mail
     */
    public PlexScheduler(Roster roster, Clock clock, int stickyExtra) {
        if (stickyExtra < 0) {
            throw new IllegalArgumentException("stickyExtra must not be negative, got " + stickyExtra);
        }
        this.stickyExtra = stickyExtra;
        this.roster = roster;
        this.clock = clock;
        this.start = clock.instant();
        List<String> names = roster.operators();
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index);
            operators.put(name, new Operator(name, index, roster.capacity(name), start));
        }
    }

    /** The roster now: the one it started with, as changed since by {@link #put} and {@link #remove}. */
    public synchronized Roster roster() {
        return roster;
    }

    /**
     * Adds an operator to the roster (at {@code position}, or at the end), or changes the settings
     * (and, with a {@code position}, the place) of one on it; true when added. A new operator is
     * free from this instant once her mailbox is read, so she queues behind every operator who has
     * waited longer, as after a resume. One taken off while a delivery to her was in flight comes
     * back holding it.
     */
    public synchronized boolean put(RosterEntry entry, OptionalInt position) {
        String name = entry.operator();
        List<String> names = new ArrayList<>(roster.operators());
        boolean added = !names.contains(name);
        int was = names.indexOf(name);
        names.remove(name);
        int at = position.isPresent() ? Math.max(0, Math.min(position.getAsInt(), names.size())) : added ? names.size() : was;
        names.add(at, name);
        List<RosterEntry> entries = new ArrayList<>();
        for (String other : names) {
            entries.add(other.equals(name) ? entry : roster.entry(other).orElseThrow());
        }
        Roster changed = Roster.of(entries);
        if (added) {
            Operator op = leaving.remove(name);
            if (op == null) {
                op = new Operator(name, at, entry.capacity(), clock.instant());
            } else {
                op.onRoster = true;
            }
            operators.put(name, op);
        }
        roster = changed;
        update(operators.get(name), o -> o.capacity = entry.capacity());
        reindex();
        return added;
    }

    /**
     * Takes an operator off the roster: she gets nothing more, her follow-ups go by the rule, what
     * she holds stays hers and a delivery to her in flight ends as it would have. The roster keeps
     * at least one operator.
     */
    public synchronized void remove(String operator) {
        Operator op = operators.get(operator);
        if (op == null) {
            throw new IllegalArgumentException(operator + " is not on the roster");
        }
        Roster changed = Roster.of(roster.entries().stream()
            .filter(other -> !other.operator().equals(operator))
            .collect(Collectors.toList()));
        NavigableSet<String> hers = followUps.remove(operator);
        if (hers != null) {
            hers.forEach(preferred::remove);
        }
        update(op, o -> o.onRoster = false);
        operators.remove(operator);
        if (op.inFlight > 0) {
            leaving.put(operator, op);
        }
        roster = changed;
        reindex();
    }

    /** Roster indexes follow the roster; the eligible set is rebuilt, as its order depends on them. */
    private void reindex() {
        List<Operator> ranked = new ArrayList<>(eligible);
        eligible.clear();
        Map<String, Operator> ordered = new LinkedHashMap<>();
        int index = 0;
        for (String name : roster.operators()) {
            Operator op = operators.get(name);
            op.rosterIndex = index++;
            ordered.put(name, op);
        }
        eligible.addAll(ranked);
        // the map keeps roster order, for operators()
        operators.clear();
        operators.putAll(ordered);
    }

    /**
     * Whether {@code operator} works now (on shift and not absent). Off duty she gets nothing, not
     * even follow-ups; back on duty, a free operator queues behind those who waited meanwhile.
     */
    public synchronized void onDuty(String operator, boolean onDuty) {
        Operator op = operators.get(operator);
        if (op == null || op.offDuty != onDuty) {
            return;
        }
        update(op, o -> {
            o.offDuty = !onDuty;
            if (onDuty && o.freeSince != null) {
                o.freeSince = clock.instant();
            }
        });
    }

    /** A mail was parked: it waits for an operator. Parking a key twice has no effect. */
    public synchronized void park(String key) {
        if (!inFlight.containsKey(key)) {
            waiting.add(key);
        }
    }

    /**
     * A follow-up in a conversation {@code operator} handles (sticky routing): it goes to them, ahead
     * of older mail, as soon as they are known, not paused and reachable, even when busy, as long as
     * they hold fewer than their capacity plus {@code stickyExtra}. Otherwise (paused, unreachable,
     * or already that far over capacity, say under a flood of follow-ups) it waits like any other
     * key and may go to someone else by the rule.
     */
    public synchronized void parkFor(String key, String operator) {
        if (!inFlight.containsKey(key)) {
            waiting.add(key);
            // taken off the roster meanwhile: her conversations go by the rule
            if (operators.containsKey(operator)) {
                prefer(key, operator);
            }
        }
    }

    private void prefer(String key, String operator) {
        preferred.put(key, operator);
        followUps.computeIfAbsent(operator, any -> new TreeSet<>()).add(key);
    }

    private void unprefer(String key) {
        String operator = preferred.remove(key);
        if (operator != null) {
            NavigableSet<String> keys = followUps.get(operator);
            keys.remove(key);
            if (keys.isEmpty()) {
                followUps.remove(operator);
            }
        }
    }

    /** The key left the queue outside the rule (deleted by an admin, found gone). */
    public synchronized boolean forget(String key) {
        unprefer(key);
        refused.remove(key);
        Instant retryAt = deferred.remove(key);
        if (retryAt != null) {
            retries.remove(Map.entry(retryAt, key));
            return true;
        }
        return waiting.remove(key);
    }

    /** The mailbox says {@code operator} holds {@code held} messages now. */
    public synchronized void observe(String operator, long held) {
        observe(operator, held, clock.instant());
    }

    /**
     * The mailbox said {@code operator} held {@code held} messages at {@code at}. Everything read
     * in one pass is observed at the pass's one instant, so operators found free together are
     * truly tied and the roster order decides.
     */
    public synchronized void observe(String operator, long held, Instant at) {
        if (held < 0) {
            throw new IllegalArgumentException("held must not be negative, got " + held);
        }
        // an operator no longer on the roster: nothing to observe
        Operator observed = find(operator);
        if (observed == null) {
            return;
        }
        boolean wasRefusing = observed.refusing;
        update(observed, at, op -> {
            op.observed = held;
            // fewer messages than when she refused: space was freed, she may take mail again
            if (op.refusing && held < op.refusingHeld) {
                op.refusing = false;
            }
        });
        if (wasRefusing && !observed.refusing) {
            forgetRefusals(operator);
        }
    }

    /**
     * Takes the oldest waiting key and the operator the rule picks, and counts the mail as held
     * by that operator from now on. Empty when nothing waits or nobody is eligible.
     */
    public synchronized Optional<Assignment> next() {
        promoteDueRetries(clock.instant());
        Optional<Assignment> followUp = nextFollowUp();
        if (followUp.isPresent()) {
            return followUp;
        }
        if (waiting.isEmpty() || eligible.isEmpty()) {
            return Optional.empty();
        }
        // the oldest key some eligible operator has not refused; only keys refused by someone are passed over
        for (String key : waiting) {
            Set<String> refusedBy = refused.get(key);
            if (refusedBy == null) {
                return Optional.of(assign(key, eligible.first()));
            }
            for (Operator op : eligible) {
                if (!refusedBy.contains(op.name)) {
                    return Optional.of(assign(key, op));
                }
            }
        }
        return Optional.empty();
    }

    /** The oldest follow-up whose operator may take it now; O(operators with follow-ups), whatever the queue's length. */
    private Optional<Assignment> nextFollowUp() {
        String oldest = null;
        Operator taker = null;
        for (Map.Entry<String, NavigableSet<String>> entry : followUps.entrySet()) {
            Operator op = operators.get(entry.getKey());
            String key = entry.getValue().first();
            boolean mayTake = op.observed != null && !op.paused && !op.away && !op.unavailable && !op.refusing && !op.offDuty
                && op.held() < op.capacity + stickyExtra && !refused.getOrDefault(key, Set.of()).contains(op.name);
            if (mayTake && (oldest == null || key.compareTo(oldest) < 0)) {
                oldest = key;
                taker = op;
            }
        }
        return taker == null ? Optional.empty() : Optional.of(assign(oldest, taker));
    }

    /**
     * Hands a waiting (or deferred) key to a named operator whatever the rule says (busy or paused
     * included): an admin's decision.
     */
    public synchronized Optional<Assignment> assignTo(String key, String operator) {
        Operator op = get(operator);
        Instant retryAt = deferred.remove(key);
        if (retryAt != null) {
            // an admin's decision overrides the mail's backoff
            retries.remove(Map.entry(retryAt, key));
            waiting.add(key);
        }
        if (!waiting.contains(key)) {
            return Optional.empty();
        }
        return Optional.of(assign(key, op));
    }

    private Assignment assign(String key, Operator op) {
        waiting.remove(key);
        unprefer(key);
        if (op.freeSince != null) {
            freeSinceBeforeAssignment.put(key, op.freeSince);
        }
        update(op, o -> o.inFlight++);
        Assignment assignment = new Assignment(key, op.name);
        inFlight.put(key, assignment);
        return assignment;
    }

    /** The assigned mail is now in the operator's mailbox. */
    public synchronized void complete(Assignment assignment) {
        if (inFlight.remove(assignment.key()) == null) {
            throw new IllegalStateException("no such assignment in flight: " + assignment);
        }
        freeSinceBeforeAssignment.remove(assignment.key());
        refused.remove(assignment.key());
        Operator op = get(assignment.operator());
        update(op, o -> {
            o.inFlight--;
            o.observed = o.observed == null ? 1L : o.observed + 1;
        });
        forgetIfGone(op);
    }

    /** An operator taken off the roster is forgotten once her last delivery in flight ended. */
    private void forgetIfGone(Operator op) {
        if (!op.onRoster && op.inFlight == 0) {
            leaving.remove(op.name);
        }
    }

    /** Delivery failed: the operator holds nothing more and the key waits again at its place. */
    public synchronized void fail(Assignment assignment) {
        giveBack(assignment);
        waiting.add(assignment.key());
    }

    /**
     * Delivery failed because of the mail itself (too big for the mailbox, unreadable): the
     * operator keeps her place in line and holds nothing more, and the mail stays out of the way
     * of the mails behind it until {@code retryAt}.
     */
    public synchronized void defer(Assignment assignment, Instant retryAt) {
        giveBack(assignment);
        unprefer(assignment.key());
        deferred.put(assignment.key(), retryAt);
        retries.add(Map.entry(retryAt, assignment.key()));
    }

    /**
     * The operator's mailbox refused the mail (over quota, an I/O failure): she holds nothing more
     * and keeps her place in line, and the key waits again at its place for anyone but her.
     */
    public synchronized void refuse(Assignment assignment) {
        giveBack(assignment);
        waiting.add(assignment.key());
        refused.computeIfAbsent(assignment.key(), any -> new HashSet<>()).add(assignment.operator());
    }

    /**
     * Whether every operator on duty (known, not paused, not away, reachable, refusing or not) has
     * refused {@code key}: nobody could take it, it is to be set aside.
     */
    public synchronized boolean refusedByEveryoneOnDuty(String key) {
        Set<String> refusedBy = refused.getOrDefault(key, Set.of());
        return operators.values().stream()
            .filter(op -> op.observed != null && !op.paused && !op.away && !op.unavailable && !op.offDuty && op.onRoster)
            .allMatch(op -> refusedBy.contains(op.name));
    }

    /**
     * The operator's mailbox refuses mail after mail (quota full): she gets nothing until
     * {@link #markAccepting} or until her mailbox is seen holding fewer messages than now.
     */
    public synchronized void markRefusing(String operator) {
        update(get(operator), op -> {
            op.refusing = true;
            op.refusingHeld = op.observed == null ? 0L : op.observed;
        });
    }

    /** Her mailbox may take mail again: she is tried with the next mail, even one she refused before. */
    public synchronized void markAccepting(String operator) {
        update(get(operator), op -> op.refusing = false);
        forgetRefusals(operator);
    }

    private void forgetRefusals(String operator) {
        refused.values().removeIf(refusedBy -> refusedBy.remove(operator) && refusedBy.isEmpty());
    }

    private void promoteDueRetries(Instant now) {
        while (!retries.isEmpty() && !retries.first().getKey().isAfter(now)) {
            Map.Entry<Instant, String> due = retries.pollFirst();
            deferred.remove(due.getValue());
            waiting.add(due.getValue());
        }
    }

    private void giveBack(Assignment assignment) {
        if (inFlight.remove(assignment.key()) == null) {
            throw new IllegalStateException("no such assignment in flight: " + assignment);
        }
        Operator op = get(assignment.operator());
        update(op, o -> o.inFlight--);
        // A failed delivery gave the operator nothing: they keep their place in the line.
        Instant before = freeSinceBeforeAssignment.remove(assignment.key());
        if (before != null && op.freeSince != null && op.ranked) {
            eligible.remove(op);
            op.freeSince = before;
            eligible.add(op);
        } else if (before != null && op.freeSince != null) {
            op.freeSince = before;
        }
        forgetIfGone(op);
    }

    /**
     * Delivery to this operator is failing (mailbox cannot be opened, user gone): they get nothing
     * until {@link #markAvailable(String)}. Unlike a pause, this is the release loop's, not an admin's.
     */
    public synchronized void markUnavailable(String operator) {
        Operator op = find(operator);
        if (op != null) {
            update(op, o -> o.unavailable = true);
        }
    }

    public synchronized void markAvailable(String operator) {
        Operator op = find(operator);
        if (op != null) {
            update(op, o -> o.unavailable = false);
        }
    }

    /** Whether {@code operator}, on the roster, is paused. */
    public synchronized boolean isPaused(String operator) {
        Operator op = operators.get(operator);
        return op != null && op.paused;
    }

    /** A paused operator gets nothing and stays on the roster. */
    public synchronized void pause(String operator) {
        update(get(operator), op -> op.paused = true);
    }

    /** Back from a pause; a free operator queues behind those who waited while they were away. */
    public synchronized void resume(String operator) {
        Operator op = get(operator);
        if (op.paused) {
            update(op, o -> {
                o.paused = false;
                if (o.freeSince != null) {
                    o.freeSince = clock.instant();
                }
            });
        }
    }

    /**
     * A mail {@code operator} held and never opened was taken back from their mailbox
     * ({@code reclaimAfter}): it waits again under its original {@code key}, so it goes out before
     * every mail parked after it; the operator holds one mail fewer and is away.
     */
    public synchronized void reclaimed(String key, String operator) {
        reclaimed(key, operator, true);
    }

    /** As {@link #reclaimed(String, String)}; without {@code away} (her shift ended) she is not marked away. */
    public synchronized void reclaimed(String key, String operator, boolean away) {
        Operator op = get(operator);
        if (inFlight.containsKey(key) || deferred.containsKey(key)) {
            throw new IllegalStateException(key + " is parked already: it cannot be reclaimed from " + operator);
        }
        waiting.add(key);
        update(op, o -> {
            if (o.observed != null && o.observed > 0) {
                o.observed = o.observed - 1;
            }
            o.away = o.away || away;
        });
    }

    /**
     * The operator is away (a mail of theirs was reclaimed; see {@link #reclaimed}): they get
     * nothing, not even follow-ups, until {@link #markBack}. Unlike a pause, the operator lifts it.
     */
    public synchronized void markAway(String operator) {
        update(get(operator), op -> op.away = true);
    }

    /** Back from away; a free operator queues behind those who waited meanwhile, as after a pause. */
    public synchronized void markBack(String operator) {
        Operator op = get(operator);
        if (op.away) {
            update(op, o -> {
                o.away = false;
                if (o.freeSince != null) {
                    o.freeSince = clock.instant();
                }
            });
        }
    }

    /** Waiting keys, oldest first. */
    public synchronized List<String> waitingKeys() {
        return new ArrayList<>(waiting);
    }

    /** Whether {@code key} is parked: waiting (or deferred), or assigned and being delivered. */
    public synchronized boolean isParked(String key) {
        return waiting.contains(key) || deferred.containsKey(key) || inFlight.containsKey(key);
    }

    /** Parked keys (waiting, deferred or being delivered), oldest first, from {@code offset}, at most {@code limit}. */
    public synchronized List<String> parkedKeys(long offset, int limit) {
        NavigableSet<String> others = new TreeSet<>(inFlight.keySet());
        others.addAll(deferred.keySet());
        Iterator<String> waitingKeys = waiting.iterator();
        Iterator<String> otherKeys = others.iterator();
        String nextWaiting = waitingKeys.hasNext() ? waitingKeys.next() : null;
        String nextOther = otherKeys.hasNext() ? otherKeys.next() : null;
        List<String> page = new ArrayList<>();
        long skipped = 0;
        while ((nextWaiting != null || nextOther != null) && page.size() < limit) {
            String key;
            if (nextOther == null || (nextWaiting != null && nextWaiting.compareTo(nextOther) < 0)) {
                key = nextWaiting;
                nextWaiting = waitingKeys.hasNext() ? waitingKeys.next() : null;
            } else {
                key = nextOther;
                nextOther = otherKeys.hasNext() ? otherKeys.next() : null;
            }
            if (skipped < offset) {
                skipped++;
            } else {
                page.add(key);
            }
        }
        return page;
    }

    /** Parked mails: waiting, deferred and being delivered. */
    public synchronized int parkedCount() {
        return waiting.size() + deferred.size() + inFlight.size();
    }

    public synchronized Optional<String> oldestWaiting() {
        return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.first());
    }

    /** Every operator, in roster order. */
    public synchronized List<OperatorState> operators() {
        return operators.values().stream().map(Operator::snapshot).collect(Collectors.toList());
    }

    public synchronized OperatorState operator(String operator) {
        return get(operator).snapshot();
    }

    /** On the roster, or leaving it with a delivery in flight; null otherwise. */
    private Operator find(String operator) {
        Operator op = operators.get(operator);
        return op != null ? op : leaving.get(operator);
    }

    private Operator get(String operator) {
        Operator op = find(operator);
        if (op == null) {
            throw new IllegalArgumentException(operator + " is not on the roster");
        }
        return op;
    }

    private interface Mutation {
        void apply(Operator operator);
    }

    /** Every change to an operator goes through here, so the eligible set stays ordered. */
    private void update(Operator op, Mutation mutation) {
        update(op, clock.instant(), mutation);
    }

    private void update(Operator op, Instant at, Mutation mutation) {
        boolean wasKnown = op.observed != null;
        boolean wasFree = wasKnown && op.held() < op.capacity;
        if (op.ranked) {
            eligible.remove(op);
            op.ranked = false;
        }
        mutation.apply(op);
        boolean isFree = op.observed != null && op.held() < op.capacity;
        if (isFree && !wasFree) {
            op.freeSince = wasKnown ? at : op.knownFrom;
        } else if (!isFree) {
            op.freeSince = null;
        }
        if (isFree && !op.paused && !op.away && !op.unavailable && !op.refusing && !op.offDuty && op.onRoster) {
            eligible.add(op);
            op.ranked = true;
        }
    }

    private static final class Operator {
        private final String name;
        private int rosterIndex;
        private int capacity;
        /** Free since this instant when her mailbox is first read empty: the start, or when she was added. */
        private final Instant knownFrom;
        private Long observed;
        private int inFlight;
        private Instant freeSince;
        private boolean paused;
        private boolean away;
        private boolean unavailable;
        private boolean refusing;
        private long refusingHeld;
        private boolean offDuty;
        private boolean onRoster = true;
        /** Whether the operator is in the eligible set now; its sort keys must not change while it is. */
        private boolean ranked;

        private Operator(String name, int rosterIndex, int capacity, Instant knownFrom) {
            this.name = name;
            this.rosterIndex = rosterIndex;
            this.capacity = capacity;
            this.knownFrom = knownFrom;
        }

        private long held() {
            return (observed == null ? 0L : observed) + inFlight;
        }

        private OperatorState snapshot() {
            return OperatorState.builder().name(name).rosterIndex(rosterIndex).capacity(capacity)
                .observedHeld(Optional.ofNullable(observed)).inFlight(inFlight).freeSince(Optional.ofNullable(freeSince))
                .paused(paused).away(away).available(!unavailable).onDuty(!offDuty).refusing(refusing)
                .build();
        }
    }
}
