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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.mailbox.model.Content;

/**
 * The {@code Return-Path} and {@code Delivered-To} header fields James's own local delivery writes
 * (its {@code MailDispatcher}): the envelope sender, {@code <>} for none, and the address the mail
 * was delivered to. MailPlex writes them as the first two lines of what it delivers, above its
 * trace, so that clients filing by envelope sender (getmail, filters) see it; a mail taken back
 * gets its envelope sender from there, and loses both lines ({@link #strip}) before it is parked
 * again, so the next delivery writes its own.
 */
public final class DeliveryHeaders {
    public static final String RETURN_PATH = "Return-Path";
    public static final String DELIVERED_TO = "Delivered-To";

    private DeliveryHeaders() {
    }

    /** The two lines, each ending in CRLF, for a delivery of a mail from {@code sender} to {@code operator}. */
    public static byte[] lines(MaybeSender sender, String operator) {
        String returnPath = sender.asOptional().map(address -> "<" + address.asString() + ">").orElse("<>");
        return (RETURN_PATH + ": " + returnPath + "\r\n" + DELIVERED_TO + ": " + operator + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The envelope sender the first {@code Return-Path} of a delivered copy names; empty when it has none, or it cannot be read. */
    public static Optional<MaybeSender> returnPath(Content content) {
        try (InputStream in = content.getInputStream()) {
            String[] values = new InternetHeaders(in).getHeader(RETURN_PATH);
            return values == null ? Optional.empty() : sender(values[0]);
        } catch (IOException | MessagingException e) {
            return Optional.empty();
        }
    }

    /** The envelope sender a {@code Return-Path} value names: empty when it is not one. */
    public static Optional<MaybeSender> sender(String returnPath) {
        String value = returnPath.trim();
        if (!value.startsWith("<") || !value.endsWith(">")) {
            return Optional.empty();
        }
        String address = value.substring(1, value.length() - 1).trim();
        if (address.isEmpty()) {
            return Optional.of(MaybeSender.nullSender());
        }
        try {
            return Optional.of(MaybeSender.of(new MailAddress(address)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * {@code in} without the {@code Return-Path} and {@code Delivered-To} lines at its very top, the
     * ones MailPlex wrote above its trace; such fields further down (the sender's own) stay.
     */
    public static InputStream strip(InputStream in) throws IOException {
        PushbackInputStream message = new PushbackInputStream(in, 8192);
        while (true) {
            byte[] line = line(message);
            String name = new String(line, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            boolean ours = name.startsWith(RETURN_PATH.toLowerCase(Locale.ROOT) + ":")
                || name.startsWith(DELIVERED_TO.toLowerCase(Locale.ROOT) + ":");
            if (!ours || line.length == 0 || line[line.length - 1] != '\n') {
                message.unread(line);
                return message;
            }
        }
    }

    /** One line, its end included; at most 8 KB (a longer first line is no header of ours). */
    private static byte[] line(PushbackInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while (line.size() < 8192 && (b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }
}
