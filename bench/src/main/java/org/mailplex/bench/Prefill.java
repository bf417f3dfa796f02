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

package org.mailplex.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.mailplex.core.QueueKeys;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.SmtpClient;

/**
 * Parks mail before James starts, through James's own {@link FileMailRepository} on the working
 * folder James will use, with the same settings as the shipped {@code mailrepositorystore.xml}
 * and MailPlex's own arrival-sortable keys: exactly what the MailPlex mailet would have left.
 */
final class Prefill {
    static final String CUSTOMER = "customer@example.org";

    private Prefill() {
    }

    /** Returns the milliseconds it took. */
    static long park(Path workingDirectory, String repositoryUrl, String plex, int count) throws Exception {
        long start = System.nanoTime();
        FileMailRepository repository = new FileMailRepository();
        repository.setFileSystem(new FileSystemImpl(new JamesServerResourceLoader(workingDirectory.toAbsolutePath().toString())));
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("[@destinationURL]", repositoryUrl);
        configuration.addProperty("[@FIFO]", false);
        configuration.addProperty("[@CACHEKEYS]", true);
        repository.configure(configuration);
        repository.init();
        QueueKeys keys = new QueueKeys(Clock.systemUTC(), "0be4c000");
        Session session = Session.getInstance(new Properties());
        MailAddress sender = new MailAddress(CUSTOMER);
        MailAddress recipient = new MailAddress(plex);
        for (int i = 0; i < count; i++) {
            byte[] raw = SmtpClient.message(CUSTOMER, plex, "parked " + i).getBytes(StandardCharsets.UTF_8);
            MailImpl mail = MailImpl.builder()
                .name(keys.next())
                .sender(sender)
                .addRecipient(recipient)
                .mimeMessage(new MimeMessage(session, new ByteArrayInputStream(raw)))
                .build();
            repository.store(mail);
            LifecycleUtil.dispose(mail);
        }
        if (repository.size() != count) {
            throw new IllegalStateException("prefill stored " + repository.size() + " mails, expected " + count);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    static String plexQueue() {
        return MailPlexJames.QUEUE.asString();
    }
}
