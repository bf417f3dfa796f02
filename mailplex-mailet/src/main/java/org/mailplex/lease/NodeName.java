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

import java.net.InetAddress;
import java.util.UUID;

/**
 * This node's name in the plexes' leases: {@code -Dmailplex.node=NAME} or the host name, then a
 * short id new at each start, so that a restarted node never mistakes its last run's lease for its
 * own (it waits for it to expire, or for the clean stop that gave it up).
 */
final class NodeName {
    private NodeName() {
    }

    static String ofThisStart() {
        String configured = System.getProperty("mailplex.node");
        String name = configured != null && !configured.isBlank() ? configured.trim() : hostName();
        return name + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
