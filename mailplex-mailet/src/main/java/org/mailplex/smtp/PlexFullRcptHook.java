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

package org.mailplex.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.mailplex.plex.MailPlexService;
import org.mailplex.plex.Plex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a plex recipient politely while its queue is full ({@code maxParked} mails parked): the
 * answer to {@code RCPT TO} is {@code 452 4.2.2}, so the sending server keeps the mail and tries
 * again later, and nothing is accepted that cannot be queued. (A mail accepted just before the queue
 * filled still goes to the plex's {@code overflowProcessor}.) Other recipients are not this hook's
 * business. James loads it from {@code extensions-jars}; list it first in the handler chain of
 * {@code smtpserver.xml}:
 *
 * <pre>{@code
 * <handlerchain>
 *     <handler class="org.mailplex.smtp.PlexFullRcptHook"/>
 *     <handler class="org.apache.james.smtpserver.fastfail.ValidRcptHandler"/>
 *     <handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/>
 * </handlerchain>
 * }</pre>
 */
public class PlexFullRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexFullRcptHook.class);
    private static final String INSUFFICIENT_STORAGE = "452";

    private final MailPlexService service;

    @Inject
    public PlexFullRcptHook(MailPlexService service) {
        this.service = service;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return service.plex(rcpt)
            .filter(Plex::isFull)
            .map(plex -> {
                LOGGER.info("MailPlex {} is full ({} parked): RCPT TO refused for now with 452", plex.name(), plex.queueDepth());
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.denySoft())
                    .smtpReturnCode(INSUFFICIENT_STORAGE)
                    .smtpDescription("4.2.2 " + plex.name() + " has too much mail waiting; please try again later")
                    .build();
            })
            .orElse(HookResult.DECLINED);
    }
}
