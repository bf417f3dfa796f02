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

import org.mailplex.lease.PlexFailover;

/**
 * Whether this node may release a plex's mail: always on a single node, only while it holds the
 * plex's lease on several nodes (see {@link PlexFailover}).
 */
public interface ReleaseGate {
    /** The single-node gate: always open. */
    ReleaseGate OPEN = new ReleaseGate() {
        @Override
        public boolean open() {
            return true;
        }

        @Override
        public boolean admit(String key, String operator) {
            return true;
        }
    };

    /** Shut until the node knows whether it holds the lease: a node joining others releases nothing before. */
    ReleaseGate CLOSED = new ReleaseGate() {
        @Override
        public boolean open() {
            return false;
        }

        @Override
        public boolean admit(String key, String operator) {
            return false;
        }
    };

    /** A cheap check before a release pass: may this node release now? */
    boolean open();

    /** Checked immediately before each release (the fence): false means this release must not happen. */
    boolean admit(String key, String operator);
}
