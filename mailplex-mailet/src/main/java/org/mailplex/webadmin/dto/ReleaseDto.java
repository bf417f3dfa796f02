package org.mailplex.webadmin.dto;

import java.time.Instant;
import java.util.Optional;

import org.mailplex.james.Release;

/** One mail released to an operator. */
public class ReleaseDto {
    public static ReleaseDto from(Release release) {
        return new ReleaseDto(release.key(), release.operator(), release.messageId(), release.releasedAt(),
            release.waited().toMillis());
    }

    private final String key;
    private final String operator;
    private final Optional<String> messageId;
    private final Instant releasedAt;
    private final long waitedMillis;

    public ReleaseDto(String key, String operator, Optional<String> messageId, Instant releasedAt, long waitedMillis) {
        this.key = key;
        this.operator = operator;
        this.messageId = messageId;
        this.releasedAt = releasedAt;
        this.waitedMillis = waitedMillis;
    }

    public String getKey() {
        return key;
    }

    public String getOperator() {
        return operator;
    }

    public Optional<String> getMessageId() {
        return messageId;
    }

    public Instant getReleasedAt() {
        return releasedAt;
    }

    public long getWaitedMillis() {
        return waitedMillis;
    }
}
