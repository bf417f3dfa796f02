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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which operator handles which conversation: the Message-IDs a plex delivered, each mapped to the
 * operator who got it. Sticky routing hands a follow-up (a mail whose {@code In-Reply-To} or
 * {@code References} names one of them) back to that operator, and {@code PlexReplyTo} recognises
 * an operator's answer by them.
 *
 * <p>Bounded in count and in bytes: past {@code capacity} the least recently used conversation is
 * forgotten, and a Message-ID longer than {@value #MAX_ID_LENGTH} characters is never kept, so the
 * memory holds at most {@code capacity} times that. Thread safe.</p>
 */
public final class Conversations {
    /** Longer Message-IDs are ignored: RFC 5322 lines are at most 998 characters, real ids far less. */
    public static final int MAX_ID_LENGTH = 250;
    /** How many ids of one header are looked at: the most recent ones of a long References list. */
    public static final int MAX_REFERENCES = 20;

    private final int capacity;
    private final LinkedHashMap<String, String> operatorByMessageId;

    public Conversations(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.operatorByMessageId = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > Conversations.this.capacity;
            }
        };
    }

    /** Normalises a Message-ID: angle brackets and surrounding spaces dropped, case kept; too long is none. */
    public static Optional<String> normalise(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String trimmed = messageId.trim();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
        }
        if (trimmed.isEmpty() || trimmed.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(trimmed);
    }

    /**
     * Remembers that {@code operator} handles the conversation of {@code messageId}. The first
     * delivery owns a conversation: a later mail reusing the same Message-ID never moves it.
     */
    public synchronized void remember(String messageId, String operator) {
        normalise(messageId).ifPresent(id -> operatorByMessageId.putIfAbsent(id, operator));
    }

    /**
     * {@code operator} no longer handles the conversation of {@code messageId}: the mail was taken
     * back from them unopened, and whoever it goes to next owns it. Another operator's is kept.
     */
    public synchronized void forget(String messageId, String operator) {
        normalise(messageId).ifPresent(id -> operatorByMessageId.remove(id, operator));
    }

    /**
     * The operator of the most recent message among {@code references} that is remembered;
     * pass In-Reply-To first, then References from last to first (see {@link #references}).
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

    /** Oldest first, so that {@link #restore(List)} rebuilds the same recency order. */
    public synchronized List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        operatorByMessageId.forEach((id, operator) -> entries.add(Map.entry(id, operator)));
        return entries;
    }

    public synchronized void restore(List<Map.Entry<String, String>> entries) {
        operatorByMessageId.clear();
        entries.forEach(entry -> normalise(entry.getKey()).ifPresent(id -> operatorByMessageId.put(id, entry.getValue())));
    }

    /**
     * The Message-IDs a mail refers to, most relevant first: those of {@code inReplyTo}, then those
     * of {@code references} from the most recent to the oldest; at most {@value #MAX_REFERENCES}
     * of each header, and none longer than {@value #MAX_ID_LENGTH}. Null headers count as empty.
     */
    public static List<String> references(String inReplyTo, String references) {
        List<String> ids = new ArrayList<>(messageIds(inReplyTo, false));
        ids.addAll(messageIds(references, true));
        return ids;
    }

    /** The ids in a header value; the first (or, {@code newestLast}, the last) {@value #MAX_REFERENCES}, newest first. */
    private static List<String> messageIds(String headerValue, boolean newestLast) {
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
            if (!newestLast && ids.size() == MAX_REFERENCES) {
                return ids;
            }
            start = headerValue.indexOf('<', end);
        }
        if (newestLast) {
            List<String> newestFirst = new ArrayList<>();
            for (int index = ids.size() - 1; index >= 0 && newestFirst.size() < MAX_REFERENCES; index--) {
                newestFirst.add(ids.get(index));
            }
            return newestFirst;
        }
        return ids;
    }
}
