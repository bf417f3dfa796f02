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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queue keys: the names of parked mails. They sort by arrival as plain strings, so that a
 * repository's {@code list()} gives FIFO order without reading any mail, on every backend.
 *
 * <p>Form: {@code 13-digit epoch millis - 6-digit sequence - 8 hex node chars}, for example
 * {@code 1764043200123-000000-9f3a01bc}. The sequence keeps keys strictly increasing within one
 * millisecond and when the clock steps back; the node part keeps two James nodes from ever
 * writing the same key. {@link #continueAfter(String)} carries the order across a restart whose
 * clock is behind the last run.</p>
 */
public final class QueueKeys {
    private static final Pattern KEY = Pattern.compile("^(\\d{13})-(\\d{6})-([0-9a-f]{8})$");
    private static final int MAX_SEQUENCE = 999_999;

    private final Clock clock;
    private final String node;
    private long lastMillis = -1;
    private int sequence;

    public QueueKeys(Clock clock) {
        this(clock, randomNode());
    }

    public QueueKeys(Clock clock, String node) {
        if (!node.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("node must be 8 lowercase hex characters, got " + node);
        }
        this.clock = clock;
        this.node = node;
    }

    private static String randomNode() {
        return String.format("%08x", new SecureRandom().nextInt());
    }

    public synchronized String next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            sequence = 0;
        } else if (sequence < MAX_SEQUENCE) {
            sequence++;
        } else {
            lastMillis++;
            sequence = 0;
        }
        return String.format("%013d-%06d-%s", lastMillis, sequence, node);
    }

    /**
     * Every key made from now on sorts after {@code newest} (the newest key already parked), even
     * when the clock is behind the run that made it. Keys that are not queue keys are ignored.
     */
    public synchronized void continueAfter(String newest) {
        if (newest == null) {
            return;
        }
        Matcher matcher = KEY.matcher(newest);
        if (!matcher.matches()) {
            return;
        }
        long millis = Long.parseLong(matcher.group(1));
        int newestSequence = Integer.parseInt(matcher.group(2));
        if (millis > lastMillis || (millis == lastMillis && newestSequence > sequence)) {
            // the next key of the same millisecond is sequence + 1, which sorts after newest whatever its node
            lastMillis = millis;
            sequence = newestSequence;
        }
    }

    /** Whether {@code key} is a queue key (and so safe in paths and logs). */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** The instant a key was made, which is when its mail was parked. */
    public static Optional<Instant> parkedAt(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))));
    }
}
