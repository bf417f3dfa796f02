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

import java.util.Objects;

/**
 * Where one message is: a mailbox by name, its UID validity (another one once the mailbox was
 * deleted and created again, so a stale location never names another message) and the message's UID.
 */
public final class MessageLocation {
    private final String mailbox;
    private final long uidValidity;
    private final long uid;

    public MessageLocation(String mailbox, long uidValidity, long uid) {
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.uidValidity = uidValidity;
        this.uid = uid;
    }

    public String mailbox() {
        return mailbox;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public long uid() {
        return uid;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof MessageLocation) {
            MessageLocation that = (MessageLocation) o;
            return uidValidity == that.uidValidity && uid == that.uid && mailbox.equals(that.mailbox);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mailbox, uidValidity, uid);
    }

    @Override
    public String toString() {
        return mailbox + " uid " + uid + " (validity " + uidValidity + ")";
    }
}
