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

import java.time.Duration;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;

/** What every MailPlex statement shares: read and written at QUORUM, so that each node reads what another just wrote. */
final class Cql {
    private Cql() {
    }

    /** A schema change waits for the cluster's agreement, longer than a query may: its own timeout. */
    static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(30);

    /** Creates a table at start when it is missing. */
    static void createTable(CqlSession session, String createIfNotExists) {
        session.execute(SimpleStatement.newInstance(createIfNotExists).setTimeout(SCHEMA_TIMEOUT));
    }

    static <T extends Statement<T>> T quorum(T statement) {
        return statement.setConsistencyLevel(ConsistencyLevel.QUORUM);
    }
}
