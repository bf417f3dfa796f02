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

package org.mailplex.plex;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javax.inject.Inject;

import org.mailplex.core.PlexEvents;
import org.mailplex.core.Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableList;

/**
 * The one event stream: hands each event to every subscriber bound in the extension's
 * {@code Multibinder<PlexEvents>} (and, for one plex, to that plex's own parts), in turn. A
 * subscriber that throws is logged and skipped: it never stops a release.
 */
public final class PlexEventStream implements PlexEvents {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexEventStream.class);

    private final List<PlexEvents> subscribers;

    @Inject
    public PlexEventStream(Set<PlexEvents> subscribers) {
        this(ImmutableList.copyOf(subscribers));
    }

    private PlexEventStream(List<PlexEvents> subscribers) {
        this.subscribers = subscribers;
    }

    /**
     * This stream, plus {@code local}: the subscribers of one plex's own parts, told first, so that
     * whoever sees a release counted (the state, the metrics) also finds its conversation remembered.
     */
    PlexEventStream with(PlexEvents local) {
        return new PlexEventStream(ImmutableList.<PlexEvents>builder().add(local).addAll(subscribers).build());
    }

    private void each(String what, Consumer<PlexEvents> event) {
        for (PlexEvents subscriber : subscribers) {
            try {
                event.accept(subscriber);
            } catch (RuntimeException e) {
                LOGGER.warn("MailPlex event subscriber {} failed on {}", subscriber.getClass().getName(), what, e);
            }
        }
    }

    @Override
    public void started(String plex) {
        each("started", subscriber -> subscriber.started(plex));
    }

    @Override
    public void stopped(String plex) {
        each("stopped", subscriber -> subscriber.stopped(plex));
    }

    @Override
    public void released(String plex, Release release) {
        each("released", subscriber -> subscriber.released(plex, release));
    }

    @Override
    public void vanished(String plex, String key) {
        each("vanished", subscriber -> subscriber.vanished(plex, key));
    }

    @Override
    public void setAside(String plex, String key, String why) {
        each("setAside", subscriber -> subscriber.setAside(plex, key, why));
    }

    @Override
    public void loop(String plex, String key) {
        each("loop", subscriber -> subscriber.loop(plex, key));
    }

    @Override
    public void reclaimed(String plex, String key, String operator, String messageId) {
        each("reclaimed", subscriber -> subscriber.reclaimed(plex, key, operator, messageId));
    }

    @Override
    public void away(String operator, Instant since) {
        each("away", subscriber -> subscriber.away(operator, since));
    }

    @Override
    public void back(String operator, String why) {
        each("back", subscriber -> subscriber.back(operator, why));
    }

    @Override
    public void leaseGained(String plex, long epoch) {
        each("leaseGained", subscriber -> subscriber.leaseGained(plex, epoch));
    }

    @Override
    public void leaseLost(String plex) {
        each("leaseLost", subscriber -> subscriber.leaseLost(plex));
    }
}
