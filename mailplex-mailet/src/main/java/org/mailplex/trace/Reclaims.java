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


import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.mailplex.core.LogText;

/**
 * The reclaims of one parked mail: one entry {@code <operator>; <RFC 1123 date-time>} per time it
 * was taken back, newest first. Kept as a mail attribute while parked (the parked bytes stay the
 * sender's) and written as {@code X-MailPlex-Reclaimed} header fields when it is released.
 */
public final class Reclaims {
    static final AttributeName ATTRIBUTE = AttributeName.of("org.mailplex.reclaimed");

    private Reclaims() {
    }

    /** The entry for a mail taken back from {@code operator} at {@code at}. */
    public static String entry(String operator, Instant at) {
        return LogText.safe(operator).replace(';', '?') + "; " + TraceHeaders.DATE.format(at);
    }

    /** The operator an entry names. */
    public static String operator(String entry) {
        int semicolon = entry.indexOf(';');
        return (semicolon < 0 ? entry : entry.substring(0, semicolon)).trim();
    }

    /** When an entry says the mail was taken back; empty for an entry that cannot be read. */
    public static Optional<Instant> at(String entry) {
        int semicolon = entry.indexOf(';');
        try {
            return semicolon < 0 ? Optional.empty() : Optional.of(Instant.from(TraceHeaders.DATE.parse(entry.substring(semicolon + 1).trim())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The entries of a parked mail, newest first; none for a mail never taken back. */
    public static List<String> of(Mail mail) {
        List<String> entries = new ArrayList<>();
        Optional<Attribute> attribute = mail.getAttribute(ATTRIBUTE);
        if (attribute.isPresent() && attribute.get().getValue().value() instanceof Collection) {
            for (Object value : (Collection<?>) attribute.get().getValue().value()) {
                if (value instanceof AttributeValue && ((AttributeValue<?>) value).value() instanceof String) {
                    entries.add((String) ((AttributeValue<?>) value).value());
                }
            }
        }
        return entries;
    }

    public static Attribute attribute(List<String> entries) {
        List<AttributeValue<?>> values = new ArrayList<>();
        entries.forEach(entry -> values.add(AttributeValue.of(entry)));
        return new Attribute(ATTRIBUTE, AttributeValue.of(values));
    }
}
