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
package org.mailplex.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Who is away, since when, and the notices left for them: one book for the whole installation,
 * since an away operator gets nothing from any plex. Immutable; each change is a new book.
 *
 * <p>A notice outlives the absence it announced: it stays in the mailbox, read, until the
 * operator deletes it, and it must never count as a mail they hold.</p>
 */
public final class AwayBook {
    private static final AwayBook EMPTY = new AwayBook(Map.of(), List.of());

    private final Map<String, Instant> away;
    private final List<Notice> notices;

    public AwayBook(Map<String, Instant> away, List<Notice> notices) {
        this.away = Collections.unmodifiableMap(new TreeMap<>(away));
        this.notices = List.copyOf(notices);
    }

    public static AwayBook empty() {
        return EMPTY;
    }

    /** Away operators and since when, by name. */
    public Map<String, Instant> away() {
        return away;
    }

    public Optional<Instant> awaySince(String operator) {
        return Optional.ofNullable(away.get(operator));
    }

    public boolean isAway(String operator) {
        return away.containsKey(operator);
    }

    public List<Notice> notices() {
        return notices;
    }

    /** The notices still known in {@code operator}'s mailboxes, oldest first. */
    public List<Notice> notices(String operator) {
        return notices.stream().filter(notice -> notice.operator().equals(operator)).collect(Collectors.toList());
    }

    /** {@code operator} is away from {@code since}; an operator away already keeps their first instant. */
    public AwayBook withAway(String operator, Instant since) {
        if (away.containsKey(operator)) {
            return this;
        }
        Map<String, Instant> next = new TreeMap<>(away);
        next.put(operator, since);
        return new AwayBook(next, notices);
    }

    /** {@code operator} is back; their notices stay known until they are gone from the mailbox. */
    public AwayBook withBack(String operator) {
        if (!away.containsKey(operator)) {
            return this;
        }
        Map<String, Instant> next = new TreeMap<>(away);
        next.remove(operator);
        return new AwayBook(next, notices);
    }

    public AwayBook withNotice(Notice notice) {
        List<Notice> next = new ArrayList<>(notices);
        next.add(notice);
        return new AwayBook(away, next);
    }

    public AwayBook withoutNotice(Notice notice) {
        List<Notice> next = new ArrayList<>(notices);
        next.remove(notice);
        return new AwayBook(away, next);
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof AwayBook) {
            AwayBook that = (AwayBook) o;
            return away.equals(that.away) && notices.equals(that.notices);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(away, notices);
    }

    @Override
    public String toString() {
        return "away=" + away + " notices=" + notices.size();
    }
}
