package org.mailplex.webadmin.dto;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /mailplex/{plex}}: the plex and its roster, in roster order. */
public class PlexDto {
    private final String plex;
    private final long queueDepth;
    private final Optional<Instant> oldestParkedAt;
    private final String mailbox;
    private final String busyWhen;
    private final List<OperatorDto> operators;

    public PlexDto(String plex, long queueDepth, Optional<Instant> oldestParkedAt, String mailbox, String busyWhen,
                   List<OperatorDto> operators) {
        this.plex = plex;
        this.queueDepth = queueDepth;
        this.oldestParkedAt = oldestParkedAt;
        this.mailbox = mailbox;
        this.busyWhen = busyWhen;
        this.operators = operators;
    }

    public String getPlex() {
        return plex;
    }

    public long getQueueDepth() {
        return queueDepth;
    }

    public Optional<Instant> getOldestParkedAt() {
        return oldestParkedAt;
    }

    public String getMailbox() {
        return mailbox;
    }

    public String getBusyWhen() {
        return busyWhen;
    }

    public List<OperatorDto> getOperators() {
        return operators;
    }
}
