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

package org.mailplex.lease;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import javax.mail.MessagingException;

import org.apache.james.mailbox.model.MailboxPath;
import org.mailplex.config.PlexConfiguration;
import org.mailplex.core.HolderRequest;
import org.mailplex.release.ReleaseGate;

/**
 * What the lease needs of a plex: its name and configuration, its release gate, its loop, and the
 * queue reconciled into its rule. The plex implements it; the lease never sees the plex's parts.
 */
public interface LeasedPlex {
    String name();

    PlexConfiguration configuration();

    /** From now on the plex releases only while {@code gate} is open. */
    void gate(ReleaseGate gate);

    /** Runs {@code task} on the plex's release loop, after what is queued there. */
    void onLoop(Runnable task);

    /** Releases now if the rule allows. */
    void wake();

    /** A mailbox changed; if the plex watches it, it re-reads it. */
    void mailboxChanged(MailboxPath path);

    /** The keys in the plex's queue repository, oldest first (every node's parked mail). */
    List<String> queuedKeys() throws MessagingException;

    /** On the loop, on the lease holder: runs an admin's action asked on another node; the answer it would give there. */
    String perform(HolderRequest request);

    /** Another node changed what every node reads of the plex (pauses, away, roster, calendars): read it again now. */
    void sharedStateChanged();

    /** Called with each key this node parks, once it is in the queue (several nodes: a mark for the others). */
    void onParked(Consumer<String> listener);

    /** Before the start: the journals are shared with other nodes; they are read at each takeover, not at the start. */
    void recoverOnTakeover();

    /**
     * On the loop, at a takeover: reads the shared journals and finishes what the last holder left,
     * as a restart does (a mail it delivered leaves the queue and {@code parked}, a reclaim it began
     * is ended); the conversations it remembered are read again. Returns how many releases were finished.
     */
    int finishInterrupted(List<String> parked) throws Exception;

    /** Whether {@code operator}'s watched mailbox holds the mail released under {@code key}, looked for within callTimeout. */
    boolean holdsKey(String operator, String key) throws Exception;

    /** A mail the last lease holder delivered: out of the queue and out of the rule. On the loop. */
    void deliveredElsewhere(String key) throws MessagingException;

    /**
     * Parks what the queue listing holds and the rule does not know; forgets waiting keys missing
     * from it that were parked before {@code parkedBefore} (released by another node). On the loop.
     * Returns how many keys were added.
     */
    int reconcile(List<String> listed, Instant parkedBefore);
}
