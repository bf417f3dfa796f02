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

package org.mailplex.multinode;

import static org.mailplex.it.MailPlexJames.replacing;

import java.nio.file.Paths;

import org.mailplex.it.MailPlexJames;

/**
 * One James node of the multi-node test, in a JVM of its own: the memory app with the shipped
 * configuration, its plex queue in the shared Cassandra ({@code cassandra://}, James's own Cassandra
 * mail repository), the plex lease and every MailPlex store in Cassandra ({@code MailPlexCassandraModule}); sticky
 * routing on, the reconcile interval the shipped 5 s (mail parked on the other node comes through the park mark). Args: working
 * folder. Prints {@code READY smtp=.. imap=.. webadmin=..} once started.
 */
public final class JamesNode {
    static final String QUEUE = "cassandra://var/mail/mailplex/help/";

    private JamesNode() {
    }

    public static void main(String[] args) throws Exception {
        MailPlexJames james = MailPlexJames.fromShippedConf(Paths.get(args[0]), conf -> replacing(
                "<repositoryPath>file://var/mail/mailplex/help/</repositoryPath>", "<repositoryPath>" + QUEUE + "</repositoryPath>")
                .apply(replacing("<sticky>false</sticky>", "<sticky>true</sticky>").apply(conf)))
            .editing("mailrepositorystore.xml", replacing(
                "<mailrepository class=\"org.apache.james.mailrepository.file.FileMailRepository\">",
                "<mailrepository class=\"" + CassandraQueueRepository.class.getName() + "\"><protocols><protocol>cassandra</protocol>"
                    + "</protocols></mailrepository>\n"
                    + "        <mailrepository class=\"org.apache.james.mailrepository.file.FileMailRepository\">"))
            .withProperty("extensions.properties", "guice.extension.module",
                "org.mailplex.james.MailPlexModule," + SharedCassandraModule.class.getName() + ",org.mailplex.cassandra.MailPlexCassandraModule")
            .start();
        james.withDemoUsers();
        System.out.println("READY smtp=" + james.smtpPort() + " imap=" + james.imapPort() + " webadmin=" + james.webAdminPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
