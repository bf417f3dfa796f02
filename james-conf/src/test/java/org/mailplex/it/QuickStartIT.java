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

package org.mailplex.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start refuses to start James when one of its ports on 127.0.0.1 is taken: it used to
 * report success and send the demo passwords to whatever listened on the webadmin port.
 */
class QuickStartIT {
    private static final int WEBADMIN = 8000;

    @TempDir
    Path work;

    @Test
    void quickStartShouldRefuseToStartWhenTheWebadminPortIsTaken() throws Exception {
        Path root = MailPlexJames.shippedConf().getParent().getParent();
        ServerSocket squatter = null;
        try {
            squatter = new ServerSocket(WEBADMIN, 50, InetAddress.getByName("127.0.0.1"));
        } catch (BindException e) {
            // something else holds it already: the quick start must refuse all the same
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("quickstart.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("out.txt").toFile());
            builder.environment().put("MAILPLEX_WORK", work.resolve("quickstart").toString());
            Process quickStart = builder.start();
            boolean ended = quickStart.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                quickStart.descendants().forEach(ProcessHandle::destroyForcibly);
                quickStart.destroyForcibly();
            }
            String output = Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8);

            assertThat(ended).as(output).isTrue();
            assertThat(quickStart.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("refusing to start James").contains(WEBADMIN + " (webadmin)")
                .doesNotContain("building MailPlex");
        } finally {
            if (squatter != null) {
                squatter.close();
            }
        }
    }
}
