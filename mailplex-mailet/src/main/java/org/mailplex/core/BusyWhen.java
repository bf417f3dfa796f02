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

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which messages in the watched mailbox count as held. */
public enum BusyWhen {
    /** Every message counts: free means an empty mailbox, exactly as the seed. */
    MESSAGES,
    /** Only messages without {@code \Seen} count: for operators who read but keep their mail. */
    UNSEEN;

    public String asString() {
        return name().toLowerCase(Locale.US);
    }

    public static Optional<BusyWhen> parse(String value) {
        return Arrays.stream(values())
            .filter(busyWhen -> busyWhen.asString().equalsIgnoreCase(value.trim()))
            .findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(BusyWhen::asString).collect(Collectors.joining(", "));
    }

    public long held(long messages, long unseen) {
        return this == MESSAGES ? messages : unseen;
    }
}
