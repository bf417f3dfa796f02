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

package org.mailplex.cassandra;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

import javax.inject.Inject;

import org.mailplex.state.TraceSecretStore;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * The trace secret every node signs with, in {@value #TABLE}: made once by the first node that asks
 * (an {@code INSERT ... IF NOT EXISTS}), read by every other; the lightweight transaction's answer
 * carries the secret already there.
 */
public class CassandraTraceSecretStore implements TraceSecretStore {
    public static final String TABLE = "mailplex_trace_secret";
    private static final String NAME = "trace";
    private static final int SECRET_BYTES = 32;
    private static final int MIN_BYTES = 16;

    private final CqlSession session;
    private final PreparedStatement insert;

    @Inject
    public CassandraTraceSecretStore(CqlSession session) {
        this.session = session;
        Cql.createTable(session, "CREATE TABLE IF NOT EXISTS " + TABLE + " (name text PRIMARY KEY, secret blob)");
        this.insert = session.prepare("INSERT INTO " + TABLE + " (name, secret) VALUES (?, ?) IF NOT EXISTS");
    }

    @Override
    public byte[] secret() throws IOException {
        byte[] made = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(made);
        ResultSet result = session.execute(insert.bind(NAME, ByteBuffer.wrap(made))
            .setConsistencyLevel(ConsistencyLevel.QUORUM).setSerialConsistencyLevel(ConsistencyLevel.SERIAL));
        if (result.wasApplied()) {
            return made;
        }
        Row row = result.one();
        ByteBuffer kept = row == null ? null : row.getByteBuffer("secret");
        if (kept == null || kept.remaining() < MIN_BYTES) {
            throw new IOException("MailPlex trace secret in Cassandra table " + TABLE + " is shorter than " + MIN_BYTES
                + " bytes; delete its row to make a new one (on every node at once: they must share it)");
        }
        byte[] secret = new byte[kept.remaining()];
        kept.get(secret);
        return secret;
    }
}
