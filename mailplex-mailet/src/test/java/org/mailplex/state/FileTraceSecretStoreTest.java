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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTraceSecretStoreTest extends TraceSecretStoreContract {
    @TempDir
    Path root;

    @Override
    protected TraceSecretStore store() {
        return new FileTraceSecretStore(root);
    }

    @Test
    void theSecretShouldSurviveARestartAndBeReadableByJamesOnly() throws Exception {
        byte[] made = new FileTraceSecretStore(root).secret();

        assertThat(new FileTraceSecretStore(root).secret()).isEqualTo(made);
        Path file = root.resolve(FileTraceSecretStore.FILE_NAME);
        assertThat(file.toFile().canRead()).isTrue();
        assertThat(Files.getPosixFilePermissions(file).toString()).doesNotContain("GROUP_READ").doesNotContain("OTHERS_READ");
    }

    @Test
    void aSecretThatIsNotHexShouldFailNamingTheFile() throws Exception {
        Files.writeString(root.resolve(FileTraceSecretStore.FILE_NAME), "not a secret\n", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> new FileTraceSecretStore(root).secret())
            .isInstanceOf(IOException.class)
            .hasMessageContaining(FileTraceSecretStore.FILE_NAME)
            .hasMessageContaining("remove it to make a new one");
    }
}
