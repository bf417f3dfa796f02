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

package org.mailplex.state;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One folder per plex for its state files, under a root (James's {@code var/mailplex/}). An
 * address made only of letters, digits and {@code @._+-} (and not starting with a dot) is its own
 * folder name; any other is URL-encoded behind an underscore, so every address maps to one safe
 * folder and two addresses never share one.
 */
public final class PlexFolders {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@._+-]+");

    private final Path root;

    public PlexFolders(Path root) {
        this.root = root;
    }

    public Path folder(String plex) {
        String name = SAFE.matcher(plex).matches() && !plex.startsWith(".")
            ? plex
            : "_" + URLEncoder.encode(plex, StandardCharsets.UTF_8);
        return root.resolve(name);
    }

    public Path root() {
        return root;
    }
}
