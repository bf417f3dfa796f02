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

package org.mailplex.it.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A mail as an operator received it, split into what MailPlex and James put in front ({@code
 * Return-Path} and {@code Delivered-To}, the {@code X-MailPlex-*} trace headers, then James's one
 * {@code Received} header) and the rest,
 * which must be exactly the bytes the client sent.
 */
final class Delivered {
    private final byte[] raw;
    private final Map<String, String> trace = new LinkedHashMap<>();
    /** Return-Path and Delivered-To, which MailPlex writes above its trace as James's local delivery does. */
    private final Map<String, String> delivery = new LinkedHashMap<>();
    private final int receivedHeaders;
    private final int bodyStart;

    Delivered(byte[] raw) {
        this.raw = raw;
        int position = 0;
        int received = 0;
        while (position < raw.length) {
            int end = headerEnd(raw, position);
            String header = new String(raw, position, end - position, StandardCharsets.ISO_8859_1);
            String lower = header.toLowerCase(Locale.US);
            if ((lower.startsWith("return-path:") || lower.startsWith("delivered-to:")) && trace.isEmpty() && received == 0) {
                int colon = header.indexOf(':');
                delivery.put(header.substring(0, colon), header.substring(colon + 1).trim());
            } else if (lower.startsWith("x-mailplex-") && received == 0) {
                int colon = header.indexOf(':');
                trace.put(header.substring(0, colon), header.substring(colon + 1).trim());
            } else if (lower.startsWith("received:") && received == 0) {
                received++;
            } else {
                break;
            }
            position = end;
        }
        this.receivedHeaders = received;
        this.bodyStart = position;
    }

    /** End (exclusive) of the header field starting at {@code start}, folded lines included. */
    private static int headerEnd(byte[] raw, int start) {
        int position = start;
        while (true) {
            while (position < raw.length && raw[position] != '\n') {
                position++;
            }
            position++;
            if (position >= raw.length || (raw[position] != ' ' && raw[position] != '\t')) {
                return Math.min(position, raw.length);
            }
        }
    }

    /** The bytes after MailPlex's trace headers and James's Received header. */
    byte[] original() {
        return Arrays.copyOfRange(raw, bodyStart, raw.length);
    }

    Map<String, String> delivery() {
        return delivery;
    }

    Map<String, String> trace() {
        return trace;
    }

    int receivedHeaders() {
        return receivedHeaders;
    }

    Optional<String> operator() {
        return Optional.ofNullable(trace.get("X-MailPlex-Operator"));
    }

    Optional<String> ticket() {
        return Optional.ofNullable(trace.get("X-MailPlex-Ticket"));
    }

    /** The first Message-ID of the original header block, if any. */
    Optional<String> messageId() {
        return header("Message-ID");
    }

    Optional<String> header(String name) {
        String text = new String(original(), StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        String headers = headerEnd < 0 ? text : text.substring(0, headerEnd + 2);
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }

    static String sha256(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
