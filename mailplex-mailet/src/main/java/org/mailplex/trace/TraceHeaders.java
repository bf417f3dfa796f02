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

package org.mailplex.trace;


import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.mailplex.matcher.MailPlexHeaders;

/**
 * The trace header lines MailPlex puts above a delivered message: the plex, the operator, when the
 * mail was parked and its queue key, so operators and admins can see the route.
 */
public final class TraceHeaders {
    /** The date-time of MailPlex's headers (RFC 5322, UTC), in its trace and in its notices. */
    public static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private TraceHeaders() {
    }

    /**
     * The header lines, each ending in CRLF, to write before the message's own first byte; the
     * signature is this installation's for the plex and the key (see {@code TraceSigner}).
     */
    public static byte[] lines(MailAddress plex, String operator, String key, Instant parkedAt, String signature) {
        return lines(List.of(), plex, operator, key, parkedAt, signature);
    }

    /** The same, below one {@code X-MailPlex-Reclaimed} line per entry of {@code reclaims} (see {@link Reclaims}). */
    public static byte[] lines(List<String> reclaims, MailAddress plex, String operator, String key, Instant parkedAt, String signature) {
        StringBuilder reclaimed = new StringBuilder();
        reclaims.forEach(entry -> reclaimed.append(MailPlexHeaders.RECLAIMED).append(": ").append(ascii(entry)).append("\r\n"));
        String lines = reclaimed + MailPlexHeaders.PLEX + ": " + plex.asString() + "\r\n"
            + MailPlexHeaders.OPERATOR + ": " + operator + "\r\n"
            + MailPlexHeaders.QUEUED_AT + ": " + DATE.format(parkedAt) + "\r\n"
            + MailPlexHeaders.TICKET + ": " + key + "\r\n"
            + MailPlexHeaders.SIGNATURE + ": " + signature + "\r\n";
        return lines.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(String value) {
        StringBuilder ascii = new StringBuilder();
        value.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F ? (char) c : '?'));
        return ascii.toString();
    }
}
