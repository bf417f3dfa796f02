package org.mailplex.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

/** One parked mail of a plex's queue. */
public class ParkedMailDto {
    private final String key;
    private final Optional<String> sender;
    private final Optional<String> subject;
    private final long size;
    private final Instant parkedAt;
    private final long waitedMillis;

    public ParkedMailDto(String key, Optional<String> sender, Optional<String> subject, long size, Instant parkedAt,
                         long waitedMillis) {
        this.key = key;
        this.sender = sender;
        this.subject = subject;
        this.size = size;
        this.parkedAt = parkedAt;
        this.waitedMillis = waitedMillis;
    }

    public String getKey() {
        return key;
    }

    public Optional<String> getSender() {
        return sender;
    }

    public Optional<String> getSubject() {
        return subject;
    }

    public long getSize() {
        return size;
    }

    public Instant getParkedAt() {
        return parkedAt;
    }

    public long getWaitedMillis() {
        return waitedMillis;
    }
}
