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

package org.mailplex.matcher;

/**
 * Trace headers MailPlex puts on every mail it delivers, so that operators and admins can see the
 * route, and so that a delivered mail sent back to its plex is recognised as a loop: only a mail
 * whose signature this installation made is one; trace headers arriving from outside are forged.
 */
public final class MailPlexHeaders {
    /** The plex address the mail was sent to, e.g. {@code help@911.gov}. */
    public static final String PLEX = "X-MailPlex-Plex";
    /** The operator who was given the mail. */
    public static final String OPERATOR = "X-MailPlex-Operator";
    /** When the mail was parked, RFC 1123 date-time. */
    public static final String QUEUED_AT = "X-MailPlex-Queued-At";
    /** The queue key of the mail, for admins. */
    public static final String TICKET = "X-MailPlex-Ticket";
    /** This installation's signature of the plex and the key: only a mail MailPlex delivered has a valid one. */
    public static final String SIGNATURE = "X-MailPlex-Signature";
    /**
     * One per time the mail was taken back from an operator who never opened it:
     * {@code <operator>; <RFC 1123 date-time>}, newest first, above the other trace headers.
     */
    public static final String RECLAIMED = "X-MailPlex-Reclaimed";
    /** Marks the notice a reclaim leaves for the operator it marked away. */
    public static final String NOTICE = "X-MailPlex-Notice";
    /** Every trace header starts so; any arriving from outside is forged and removed. */
    public static final String PREFIX = "X-MailPlex-";

    private MailPlexHeaders() {
    }
}
