package org.mailplex.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

/** One plex in {@code GET /mailplex}. */
public class PlexSummaryDto {
    private final String plex;
    private final long queueDepth;
    private final Optional<Instant> oldestParkedAt;
    private final Optional<Long> oldestWaitMillis;
    private final OperatorCountsDto operators;

    public PlexSummaryDto(String plex, long queueDepth, Optional<Instant> oldestParkedAt, Optional<Long> oldestWaitMillis,
                          OperatorCountsDto operators) {
        this.plex = plex;
        this.queueDepth = queueDepth;
        this.oldestParkedAt = oldestParkedAt;
        this.oldestWaitMillis = oldestWaitMillis;
        this.operators = operators;
    }

    public String getPlex() {
        return plex;
    }

    /** Parked mails: waiting, plus the one being delivered if any. */
    public long getQueueDepth() {
        return queueDepth;
    }

    public Optional<Instant> getOldestParkedAt() {
        return oldestParkedAt;
    }

    public Optional<Long> getOldestWaitMillis() {
        return oldestWaitMillis;
    }

    public OperatorCountsDto getOperators() {
        return operators;
    }
}
