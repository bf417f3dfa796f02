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

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * What a trace signature is bound to besides the plex and the key: the message it was made for,
 * as its {@code Message-ID}, {@code From} and {@code Date} header fields (the first of each,
 * whitespace and folding collapsed, so that a relay refolding them changes nothing). A genuine
 * trace block copied onto another message no longer verifies; the same message coming back (an
 * operator's redirect, a mail taken back from her mailbox) does.
 */
public final class MessageBinding {
    static final List<String> FIELDS = List.of("Message-ID", "From", "Date");

    private MessageBinding() {
    }

    /** The binding of the message whose header fields {@code header} gives, each name to its values. */
    public static String of(Function<String, List<String>> header) {
        StringBuilder binding = new StringBuilder();
        for (String field : FIELDS) {
            List<String> values = header.apply(field);
            binding.append(values == null || values.isEmpty() ? "" : values.get(0).replaceAll("\\s+", " ").trim()).append('\n');
        }
        return binding.toString();
    }

    public static String of(MimeMessage message) throws MessagingException {
        Map<String, List<String>> fields = new HashMap<>();
        for (String field : FIELDS) {
            String[] values = message.getHeader(field);
            fields.put(field, values == null ? List.of() : Arrays.asList(values));
        }
        return of(fields::get);
    }
}
