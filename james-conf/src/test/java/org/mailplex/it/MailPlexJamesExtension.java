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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh working folder for a {@link MailPlexJames}, and stopping every James made here (started
 * or not) before the folder is deleted. On a {@code static} {@code @RegisterExtension} field the
 * folder and James last for the class, nested classes included (start James in {@code @BeforeAll});
 * on an instance field, for one test.
 */
public final class MailPlexJamesExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final List<MailPlexJames> made = new ArrayList<>();
    private boolean perClass;
    /** Nested classes see the extension of their enclosing class too: only the outermost one owns the folder. */
    private int classDepth;
    private Path workingDirectory;

    /** A James from the shipped configuration in this folder, not started yet. */
    public MailPlexJames fromShippedConf() throws IOException {
        return fromShippedConf(UnaryOperator.identity());
    }

    /** The same, with a change to the shipped {@code mailetcontainer.xml} (see {@link MailPlexJames#fromShippedConf(Path, UnaryOperator)}). */
    public MailPlexJames fromShippedConf(UnaryOperator<String> mailetContainerEdit) throws IOException {
        if (workingDirectory == null) {
            throw new IllegalStateException("no working folder outside a test: register the extension with @RegisterExtension");
        }
        MailPlexJames james = MailPlexJames.fromShippedConf(workingDirectory, mailetContainerEdit);
        made.add(james);
        return james;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        if (classDepth++ == 0) {
            workingDirectory = Files.createTempDirectory("mailplex-it");
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            workingDirectory = Files.createTempDirectory("mailplex-it");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            stopAndDelete();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (--classDepth == 0) {
            stopAndDelete();
        }
    }

    private void stopAndDelete() throws IOException {
        made.forEach(MailPlexJames::stop);
        made.clear();
        try (Stream<Path> walk = Files.walk(workingDirectory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        } finally {
            workingDirectory = null;
        }
    }
}
