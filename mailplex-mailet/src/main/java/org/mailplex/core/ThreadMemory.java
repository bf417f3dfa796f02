package org.mailplex.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which operator handles which conversation, for sticky routing: Message-IDs MailPlex delivered
 * (and the follow-ups it routed) mapped to the operator who got them. Bounded: past its capacity
 * the least recently used conversation is forgotten. Thread safe.
 */
public final class ThreadMemory {
    private final int capacity;
    private final LinkedHashMap<String, String> operatorByMessageId;

    public ThreadMemory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.operatorByMessageId = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > ThreadMemory.this.capacity;
            }
        };
    }

    /** Normalises a Message-ID: angle brackets and surrounding spaces dropped, case kept. */
    public static Optional<String> normalise(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String trimmed = messageId.trim();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
        }
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    public synchronized void remember(String messageId, String operator) {
        normalise(messageId).ifPresent(id -> operatorByMessageId.put(id, operator));
    }

    /**
     * The operator of the most recent message among {@code references} that is remembered;
     * pass In-Reply-To first, then References from last to first.
     */
    public synchronized Optional<String> operatorFor(List<String> references) {
        for (String reference : references) {
            Optional<String> operator = normalise(reference).map(operatorByMessageId::get);
            if (operator.isPresent()) {
                return operator;
            }
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return operatorByMessageId.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Oldest first, so that {@link #restore(List)} rebuilds the same recency order. */
    public synchronized List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        operatorByMessageId.forEach((id, operator) -> entries.add(Map.entry(id, operator)));
        return entries;
    }

    public synchronized void restore(List<Map.Entry<String, String>> entries) {
        operatorByMessageId.clear();
        entries.forEach(entry -> operatorByMessageId.put(entry.getKey(), entry.getValue()));
    }

    /** Every Message-ID found in an In-Reply-To or References header value, in order. */
    public static List<String> messageIds(String headerValue) {
        List<String> ids = new ArrayList<>();
        if (headerValue == null) {
            return ids;
        }
        int start = headerValue.indexOf('<');
        while (start >= 0) {
            int end = headerValue.indexOf('>', start);
            if (end < 0) {
                break;
            }
            normalise(headerValue.substring(start, end + 1)).ifPresent(ids::add);
            start = headerValue.indexOf('<', end);
        }
        return ids;
    }
}
