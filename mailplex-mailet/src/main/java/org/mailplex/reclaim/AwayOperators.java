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
package org.mailplex.reclaim;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.mailplex.core.PlexEvents;
import org.mailplex.state.AwayBook;
import org.mailplex.state.AwayStore;
import org.mailplex.state.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is away, for every plex of this James: an operator a reclaim marked away gets nothing from
 * any plex until they delete or read the notice left for them, or an admin resumes them. Kept in
 * {@code var/mailplex/away.tsv}, so away survives a restart; each change is saved before the
 * plexes hear of it. A file that cannot be read stops MailPlex at start, naming the file and line.
 */
@Singleton
public class AwayOperators {
    private static final Logger LOGGER = LoggerFactory.getLogger(AwayOperators.class);

    private final AwayStore file;
    private final PlexEvents stream;
    private final List<Member> plexes = new CopyOnWriteArrayList<>();
    private volatile AwayBook book;

    @Inject
    public AwayOperators(AwayStore store, PlexEvents stream) throws IOException {
        this.file = store;
        this.stream = stream;
        this.book = file.load();
    }

    /** What away needs of a plex: its roster, and its rule told who is away and who is back. */
    public interface Member {
        String name();

        List<String> operators();

        /** {@code operator} gets nothing from this plex until {@link #back}. */
        void away(String operator);

        /** {@code operator} may get mail again; the plex releases at once if the rule allows. */
        void back(String operator);
    }

    /** A starting plex: its operators who are away stay away. */
    public void attach(Member plex) {
        plexes.add(plex);
        for (String operator : plex.operators()) {
            if (book.isAway(operator)) {
                plex.away(operator);
                LOGGER.info("MailPlex {}: {} is still away, since {}", plex.name(), operator, book.awaySince(operator).orElseThrow());
            }
        }
    }

    /**
     * Several nodes: reads the away operators and notices again (another node may have marked
     * someone away, left or removed a notice, or resumed someone) and tells the plexes who changed.
     */
    public synchronized void refresh() throws IOException {
        AwayBook next = file.load();
        AwayBook before = book;
        book = next;
        for (Member plex : plexes) {
            for (String operator : plex.operators()) {
                if (next.isAway(operator) && !before.isAway(operator)) {
                    plex.away(operator);
                    LOGGER.info("MailPlex {}: {} marked away on another node", plex.name(), operator);
                } else if (!next.isAway(operator) && before.isAway(operator)) {
                    plex.back(operator);
                    LOGGER.info("MailPlex {}: {} back, on another node", plex.name(), operator);
                }
            }
        }
    }

    public void detach(Member plex) {
        plexes.remove(plex);
    }

    public Optional<Instant> awaySince(String operator) {
        return book.awaySince(operator);
    }

    /**
     * The time to record for a notice left for {@code operator} now: never before their absence
     * started, so a notice left during an absence always belongs to it, even with the clock behind.
     */
    public Instant noticeTime(String operator, Instant now) {
        return book.awaySince(operator).filter(since -> since.isAfter(now)).orElse(now);
    }

    public boolean isAway(String operator) {
        return book.isAway(operator);
    }

    public List<Notice> notices(String operator) {
        return book.notices(operator);
    }

    /**
     * Marks {@code operator} away in every plex; true when they were not away already. The absence is
     * recorded as starting after every notice already known for them, whatever the clock says, so
     * that no older notice can ever stand for it ({@link #noticeTime}).
     */
    synchronized boolean markAway(String operator, Instant now) {
        if (book.isAway(operator)) {
            return false;
        }
        Instant since = book.notices(operator).stream().map(notice -> notice.leftAt().plusMillis(1))
            .filter(after -> after.isAfter(now)).max(Instant::compareTo).orElse(now);
        save(book.withAway(operator, since));
        plexes.stream()
            .filter(plex -> plex.operators().contains(operator))
            .forEach(plex -> plex.away(operator));
        LOGGER.info("MailPlex: {} is away from {}: they get no mail until they read or delete the notice, or an admin resumes them",
            operator, since);
        stream.away(operator, since);
        return true;
    }

    /** {@code operator} is back in every plex, each of which releases at once; false when they were not away. */
    public synchronized boolean back(String operator, String why) {
        if (!book.isAway(operator)) {
            return false;
        }
        save(book.withBack(operator));
        plexes.stream()
            .filter(plex -> plex.operators().contains(operator))
            .forEach(plex -> plex.back(operator));
        LOGGER.info("MailPlex: {} is back ({})", operator, why);
        stream.back(operator, why);
        return true;
    }

    synchronized void noticeLeft(Notice notice) {
        save(book.withNotice(notice));
    }

    /** The notice is no longer in the mailbox: nothing to leave out of the held count any more. */
    synchronized void noticeGone(Notice notice) {
        save(book.withoutNotice(notice));
    }

    /** Saved first; kept in memory when saving fails, so the running James still does the right thing. */
    private void save(AwayBook next) {
        try {
            file.save(next);
        } catch (IOException | RuntimeException e) {
            LOGGER.error("MailPlex could not save {}; the change holds until James stops", file.where(), e);
        }
        book = next;
    }
}
