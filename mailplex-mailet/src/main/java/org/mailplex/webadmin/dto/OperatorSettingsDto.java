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

package org.mailplex.webadmin.dto;

import java.util.Optional;

/** The body of {@code PUT /mailplex/{plex}/operators/{operator}}; every field is optional. */
public class OperatorSettingsDto {
    public Integer capacity;
    public String reclaimAfter;
    public Integer position;
    /** Her operator mailbox: {@code "local"}, or an object {@code {"kind", "url", "login", "password", ...}}. */
    public Object mailbox;
    /** How mail reaches a mailbox elsewhere: {@code imap} or {@code smtp}. */
    public String deliver;

    public Optional<Integer> capacity() {
        return Optional.ofNullable(capacity);
    }

    public Optional<String> reclaimAfter() {
        return Optional.ofNullable(reclaimAfter);
    }

    public Optional<Integer> position() {
        return Optional.ofNullable(position);
    }
}
