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

import java.time.Instant;

/**
 * Everything that happens to a plex, as one stream: the release path, the reclaim, away and the
 * lease each tell it what they did, and whoever needs to know (durable counters, metrics, the
 * conversations of the plex, the console) subscribes. Every method has a default that does
 * nothing, so a subscriber implements only what it reads. Subscribers run on the thread that
 * made the event (mostly the plex's loop): keep them short and never let them throw.
 */
public interface PlexEvents {
    /** No subscriber. */
    PlexEvents NONE = new PlexEvents() {
    };

    /** The plex started on this node: its queue is loaded and its loop runs. */
    default void started(String plex) {
    }

    /** The plex stopped on this node; its parked mail stays in its queue. */
    default void stopped(String plex) {
    }

    /** A parked mail reached its operator's mailbox. */
    default void released(String plex, Release release) {
    }

    /** A parked mail was no longer in the queue when its turn came (an admin removed it elsewhere). */
    default void vanished(String plex, String key) {
    }

    /** A mail nobody could take was set aside among the stuck mails, {@code why} in words. */
    default void setAside(String plex, String key, String why) {
    }

    /** A mail this plex delivered came back to it and was set aside. */
    default void loop(String plex, String key) {
    }

    /** A mail {@code operator} never opened was taken back into the queue. */
    default void reclaimed(String plex, String key, String operator, String messageId) {
    }

    /** {@code operator} is away from every plex since {@code since}. */
    default void away(String operator, Instant since) {
    }

    /** {@code operator} is back in every plex. */
    default void back(String operator, String why) {
    }

    /** This node holds the plex's lease from {@code epoch} on and releases. */
    default void leaseGained(String plex, long epoch) {
    }

    /** This node no longer holds the plex's lease: it parks and no longer releases. */
    default void leaseLost(String plex) {
    }
}
