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

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.mailplex.core.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder per plex for its state files, under a root (James's {@code var/mailplex/}). An
 * address made only of letters, digits and {@code @._+-} (and not starting with a dot) is its own
 * folder name; any other is URL-encoded behind an underscore, so every address maps to one safe
 * folder and two addresses never share one.
 */
public final class PlexFolders {
    private static final Logger LOGGER = LoggerFactory.getLogger(PlexFolders.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@._+-]+");

    private final Path root;

    public PlexFolders(Path root) {
        this.root = root;
    }

    /**
     * The folder of {@code plex} (or operator), named after its canonical, lower-case address. A
     * folder an older version made for another letter case of it is moved there first, so the state
     * in it survives the change of case.
     */
    public Path folder(String plex) {
        String canonical = Addresses.canonical(plex);
        Path folder = root.resolve(name(canonical));
        if (!Files.exists(folder)) {
            moveOtherCase(canonical, folder);
        }
        return folder;
    }

    private static String name(String address) {
        return SAFE.matcher(address).matches() && !address.startsWith(".")
            ? address
            : "_" + URLEncoder.encode(address, StandardCharsets.UTF_8);
    }

    private void moveOtherCase(String canonical, Path folder) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> siblings = Files.list(root)) {
            Optional<Path> otherCase = siblings.filter(Files::isDirectory)
                .filter(sibling -> !sibling.equals(folder) && name(canonical).equals(name(Addresses.canonical(address(sibling)))))
                .findFirst();
            if (otherCase.isPresent()) {
                Files.move(otherCase.get(), folder);
                LOGGER.info("MailPlex moved the state folder {} to {}: addresses are kept in lower case", otherCase.get(), folder);
            }
        } catch (IOException e) {
            LOGGER.warn("MailPlex could not move a state folder of {} in another letter case to {}", canonical, folder, e);
        }
    }

    /** The address a folder name stands for. */
    private static String address(Path folder) {
        String name = folder.getFileName().toString();
        return name.startsWith("_") ? URLDecoder.decode(name.substring(1), StandardCharsets.UTF_8) : name;
    }

    public Path root() {
        return root;
    }
}
