package org.mailplex.james;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One parked mail delivered to one operator: what listeners and the release history are told. */
public final class Release {
    private final String key;
    private final String operator;
    private final Optional<String> messageId;
    private final Instant releasedAt;
    private final Duration waited;

    public Release(String key, String operator, Optional<String> messageId, Instant releasedAt, Duration waited) {
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.releasedAt = Objects.requireNonNull(releasedAt, "releasedAt");
        this.waited = Objects.requireNonNull(waited, "waited");
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    public Optional<String> messageId() {
        return messageId;
    }

    public Instant releasedAt() {
        return releasedAt;
    }

    public Duration waited() {
        return waited;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Release) {
            Release that = (Release) o;
            return key.equals(that.key) && operator.equals(that.operator) && messageId.equals(that.messageId)
                && releasedAt.equals(that.releasedAt) && waited.equals(that.waited);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, messageId, releasedAt, waited);
    }

    @Override
    public String toString() {
        return key + " -> " + operator;
    }
}
