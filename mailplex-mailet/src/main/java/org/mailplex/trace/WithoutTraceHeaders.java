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
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.mailplex.matcher.MailPlexHeaders;

/**
 * A message's raw bytes without any {@code X-MailPlex-*} header field (continuation lines
 * included): MailPlex's trace on a mail arriving from outside is forged, and never reaches an
 * operator. Everything else passes byte for byte, one header line at a time, the body untouched.
 */
public final class WithoutTraceHeaders extends InputStream {
    private static final byte[] PREFIX = MailPlexHeaders.PREFIX.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int position;
    private boolean inHeaders = true;
    private boolean dropping;

    public WithoutTraceHeaders(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        while (position >= pending.length) {
            if (!inHeaders) {
                return in.read();
            }
            if (!nextHeaderLine()) {
                return -1;
            }
        }
        return pending[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position >= pending.length && !inHeaders) {
            return in.read(buffer, offset, length);
        }
        int first = read();
        if (first < 0) {
            return -1;
        }
        buffer[offset] = (byte) first;
        int count = 1;
        while (count < length && position < pending.length) {
            buffer[offset + count++] = pending[position++];
        }
        return count;
    }

    /** Reads the next header line and keeps it unless it belongs to a trace field; false at the end of the stream. */
    private boolean nextHeaderLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length == 0) {
            return false;
        }
        boolean blank = bytes[0] == '\n' || (bytes[0] == '\r' && bytes.length > 1 && bytes[1] == '\n');
        boolean continuation = bytes[0] == ' ' || bytes[0] == '\t';
        if (blank) {
            inHeaders = false;
            dropping = false;
        } else if (!continuation) {
            dropping = startsWithPrefix(bytes);
        }
        pending = dropping ? new byte[0] : bytes;
        position = 0;
        return true;
    }

    private static boolean startsWithPrefix(byte[] bytes) {
        if (bytes.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (Character.toLowerCase(bytes[i]) != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
