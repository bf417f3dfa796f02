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


import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

import javax.mail.internet.MimeMessage;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;

/**
 * What MailPlex appends to an operator's mailbox: the trace header lines, then the parked message
 * byte for byte. Streamed from the queue each time it is read, never copied into memory, so a mail
 * larger than the heap's headroom is delivered all the same.
 */
public final class TracedMessage implements Content {
    private final byte[] traceLines;
    private final MimeMessage parked;
    private long size = -1;

    public TracedMessage(byte[] traceLines, MimeMessage parked) {
        this.traceLines = traceLines.clone();
        this.parked = parked;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return new SequenceInputStream(new ByteArrayInputStream(traceLines), VerbatimMessage.rawStream(parked));
    }

    /** Counted by reading the parked message once: its stored size is not always its raw size. */
    @Override
    public synchronized long size() throws MailboxException {
        if (size < 0) {
            try (InputStream in = VerbatimMessage.rawStream(parked)) {
                size = traceLines.length + in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new MailboxException("cannot read the parked message", e);
            }
        }
        return size;
    }
}
