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

package org.mailplex.plex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailplex.core.MutableClock;

/**
 * One {@link MemoryMailPlex} a test, on a clock the test moves, with its own state folder: built
 * before each test, closed and deleted after it. A test that needs other parts (a faulty mailbox, a
 * hooked repository) {@link #rebuild}s it from {@link #builder()}.
 */
public final class MemoryMailPlexExtension implements BeforeEachCallback, AfterEachCallback {
    private final Instant start;
    private Path stateFolder;
    private MutableClock clock;
    private MemoryMailPlex james;

    public MemoryMailPlexExtension(Instant start) {
        this.start = start;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        stateFolder = Files.createTempDirectory("mailplex-state");
        clock = new MutableClock(start);
        james = builder().build();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        james.close();
        try (Stream<Path> walk = Files.walk(stateFolder)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path path : paths) {
                Files.delete(path);
            }
        }
    }

    /** A builder of this test's James: its state folder and clock, James's in-memory parts. */
    public MemoryMailPlex.Builder builder() {
        return MemoryMailPlex.builder(stateFolder).clock(clock);
    }

    /** Closes this test's James and replaces it with {@code builder}'s; the state folder and clock stay. */
    public MemoryMailPlex rebuild(MemoryMailPlex.Builder builder) throws Exception {
        james.close();
        james = builder.build();
        return james;
    }

    public MemoryMailPlex james() {
        return james;
    }

    public MutableClock clock() {
        return clock;
    }

    public Path stateFolder() {
        return stateFolder;
    }
}
