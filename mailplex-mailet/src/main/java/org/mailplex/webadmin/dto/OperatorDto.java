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

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.mailplex.core.MailboxSpec;
import org.mailplex.core.OperatorCalendar.Duty;
import org.mailplex.core.OperatorState;

/** One operator of a plex as the rule sees it now. */
public class OperatorDto {
    public static final String PAUSED = "paused";
    public static final String FREE = "free";
    public static final String BUSY = "busy";
    public static final String AWAY = "away";
    /** Her mailbox refuses mail after mail (quota full): skipped until it takes mail again. */
    public static final String REFUSING = "refusing";
    /** Her mailbox cannot be read or delivered to (she is no James user, it fails): she gets nothing until it works again. */
    public static final String UNAVAILABLE = "unavailable";
    /** Her mailbox elsewhere (another server, a site's check) does not answer: she gets nothing until it does; see lastError. */
    public static final String UNREACHABLE = "unreachable";
    public static final String OFF_SHIFT = "off-shift";
    public static final String ABSENT = "absent";

    public static OperatorDto from(OperatorState state, long dispatched) {
        return from(state, dispatched, Optional.empty(), 0);
    }

    public static OperatorDto from(OperatorState state, long dispatched, Optional<Instant> awaySince, long reclaimed) {
        return new OperatorDto(state, status(state), dispatched, awaySince, reclaimed);
    }

    /**
     * With her duty: {@code absent} (with {@link #getAbsentUntil()}) or {@code off-shift} (with
     * {@link #getNextShiftStart()}) unless paused or away, and her reclaimAfter.
     */
    public static OperatorDto from(OperatorState state, long dispatched, Optional<Instant> awaySince, long reclaimed, Duty duty,
                                   Optional<Instant> back, Optional<Duration> reclaimAfter) {
        String status = status(state);
        if (!status.equals(PAUSED) && !status.equals(AWAY) && duty != Duty.ON_DUTY) {
            status = duty == Duty.ABSENT ? ABSENT : OFF_SHIFT;
        }
        OperatorDto dto = new OperatorDto(state, status, dispatched, awaySince, reclaimed);
        dto.absentUntil = duty == Duty.ABSENT ? back : Optional.empty();
        dto.nextShiftStart = duty == Duty.OFF_SHIFT ? back : Optional.empty();
        dto.reclaimAfter = Optional.of(reclaimAfter.map(Duration::toString).orElse("off"));
        return dto;
    }

    /** paused wins, then away, then refusing, then unavailable; otherwise free while holding fewer mails than the capacity. */
    public static String status(OperatorState state) {
        if (state.paused()) {
            return PAUSED;
        }
        if (state.away()) {
            return AWAY;
        }
        if (state.refusing()) {
            return REFUSING;
        }
        if (!state.available()) {
            return UNAVAILABLE;
        }
        return state.held() < state.capacity() ? FREE : BUSY;
    }

    private final String operator;
    private String status;
    private Map<String, String> mailbox = Map.of("kind", "local");
    private Optional<String> lastError = Optional.empty();
    private final long held;
    private final int capacity;
    private final Optional<Instant> freeSince;
    private final boolean paused;
    private final boolean available;
    private final long dispatched;
    private final boolean away;
    private final Optional<Instant> awaySince;
    private final long reclaimed;
    private Optional<Instant> absentUntil = Optional.empty();
    private Optional<Instant> nextShiftStart = Optional.empty();
    private Optional<String> reclaimAfter = Optional.empty();

    private OperatorDto(OperatorState state, String status, long dispatched, Optional<Instant> awaySince, long reclaimed) {
        this.operator = state.name();
        this.status = status;
        this.held = state.held();
        this.capacity = state.capacity();
        this.freeSince = state.freeSince();
        this.paused = state.paused();
        this.available = state.available();
        this.dispatched = dispatched;
        this.away = state.away();
        this.awaySince = awaySince;
        this.reclaimed = reclaimed;
    }

    /**
     * Her operator mailbox: {@code {"kind": "local"}}, or the kind and public parameters (url,
     * login, deliver...) of one elsewhere, never a password; while it does not answer she is
     * {@value #UNREACHABLE} (when nothing else, paused or away, wins) with the last error.
     */
    public OperatorDto elsewhere(Optional<MailboxSpec> spec, Optional<String> problem) {
        spec.ifPresent(value -> {
            Map<String, String> shown = new LinkedHashMap<>();
            shown.put("kind", value.kind());
            shown.putAll(value.publicParameters());
            this.mailbox = shown;
        });
        this.lastError = spec.isPresent() ? problem : Optional.empty();
        if (lastError.isPresent() && status.equals(UNAVAILABLE)) {
            status = UNREACHABLE;
        }
        return this;
    }

    public Map<String, String> getMailbox() {
        return mailbox;
    }

    /** Why her mailbox elsewhere does not answer, while it does not. */
    public Optional<String> getLastError() {
        return lastError;
    }

    public String getOperator() {
        return operator;
    }

    public String getStatus() {
        return status;
    }

    public long getHeld() {
        return held;
    }

    public int getCapacity() {
        return capacity;
    }

    public Optional<Instant> getFreeSince() {
        return freeSince;
    }

    public boolean isPaused() {
        return paused;
    }

    /** False while deliveries to this operator fail. */
    public boolean isAvailable() {
        return available;
    }

    /** A mail of theirs stayed unopened past reclaimAfter and was taken back; they get nothing until they read or delete the notice. */
    public boolean isAway() {
        return away;
    }

    public Optional<Instant> getAwaySince() {
        return awaySince;
    }

    /** Mails taken back from this operator so far (kept across restarts). */
    public long getReclaimed() {
        return reclaimed;
    }

    /** When her absence ends, while she is absent. */
    public Optional<Instant> getAbsentUntil() {
        return absentUntil;
    }

    /** When her next shift starts, while she is off shift. */
    public Optional<Instant> getNextShiftStart() {
        return nextShiftStart;
    }

    /** How long a mail given to her may stay unopened (ISO-8601), or {@code off}. */
    public Optional<String> getReclaimAfter() {
        return reclaimAfter;
    }

    /** Mails MailPlex gave this operator so far (kept across restarts). */
    public long getDispatched() {
        return dispatched;
    }
}
