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

package org.mailplex.webadmin.dto;

import java.util.Optional;

import org.mailplex.core.PlexLease;

/** Who releases a plex's mail: the node holding its lease, and whether it is this one. */
public class LeaseDto {
    private final Optional<String> holder;
    private final long epoch;
    private final boolean thisNode;

    public LeaseDto(Optional<String> holder, long epoch, boolean thisNode) {
        this.holder = holder;
        this.epoch = epoch;
        this.thisNode = thisNode;
    }

    public static LeaseDto of(PlexLease.Status status) {
        return new LeaseDto(status.holder(), status.epoch(), status.leader());
    }

    /** The node holding the lease (this node's name on a single node); empty while nobody holds it. */
    public Optional<String> getHolder() {
        return holder;
    }

    /** Grows by one at each takeover; 1 on a single node. */
    public long getEpoch() {
        return epoch;
    }

    /** Whether the node answering releases the plex now. */
    public boolean isThisNode() {
        return thisNode;
    }
}
