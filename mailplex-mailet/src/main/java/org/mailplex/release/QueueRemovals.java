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

package org.mailplex.release;

import java.io.IOException;
import java.util.List;

import org.mailplex.core.Release;
import org.mailplex.queue.ParkedQueue;
import org.mailplex.state.ReleaseJournalStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes delivered mail out of a plex's queue, within the call timeout, and only then ends its
 * release in the journal. A removal that fails leaves the release "delivered, not yet removed"
 * ({@link UnremovedReleases}): its journal entry stays open as delivered, and {@link #retry()}
 * tries again on each reconcile tick. Called on the release loop.
 */
public final class QueueRemovals {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueRemovals.class);

    private final String plex;
    private final ParkedQueue queue;
    private final ReleaseJournalStore journal;
    private final BoundedCalls calls;
    private final UnremovedReleases unremoved = new UnremovedReleases();

    QueueRemovals(String plex, ParkedQueue queue, ReleaseJournalStore journal, BoundedCalls calls) {
        this.plex = plex;
        this.queue = queue;
        this.journal = journal;
        this.calls = calls;
    }

    public UnremovedReleases unremoved() {
        return unremoved;
    }

    /** Takes {@code release}'s mail out of the queue and ends it; true when done, false when it stays delivered, not removed. */
    boolean remove(Release release) {
        if (!removeFromQueue(release)) {
            unremoved.add(release);
            return false;
        }
        unremoved.removed(release.key());
        try {
            journal.end(release.key());
        } catch (IOException e) {
            LOGGER.warn("MailPlex {} could not end {} in its release journal; the next start checks it again", plex, release.key(), e);
        }
        return true;
    }

    /**
     * At start, before the journal is reset: takes a mail the last run delivered out of the queue;
     * when that fails it stays delivered, not removed, and {@link #stillDelivered()} keeps it in the journal.
     */
    public boolean removeAtStart(Release release) {
        if (removeFromQueue(release)) {
            return true;
        }
        unremoved.add(release);
        return false;
    }

    /** What the journal must keep as delivered when it is reset at start. */
    public List<Release> stillDelivered() {
        return unremoved.list();
    }

    /** On each reconcile tick: tries again every removal that failed. */
    void retry() {
        for (Release release : unremoved.list()) {
            if (remove(release)) {
                LOGGER.info("MailPlex {}: {}, delivered to {}, is now out of the queue", plex, release.key(), release.operator());
            }
        }
    }

    /** One ERROR with the stack trace for the first failure of a removal, one WARN line for each failed retry. */
    private boolean removeFromQueue(Release release) {
        try {
            calls.call(() -> {
                queue.remove(release.key());
                return null;
            });
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            if (unremoved.contains(release.key())) {
                LOGGER.warn("MailPlex {}: {} (delivered to {}) still cannot be removed from its queue: {}", plex, release.key(),
                    release.operator(), e.toString());
            } else {
                LOGGER.error("MailPlex {} delivered {} to {} but could not remove it from its queue; it is never released again, "
                    + "and the removal is retried on each reconcile tick", plex, release.key(), release.operator(), e);
            }
            return false;
        }
    }
}
