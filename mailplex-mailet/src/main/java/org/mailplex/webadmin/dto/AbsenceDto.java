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

import org.mailplex.core.Absence;

/** One planned absence, as listed; the body of a new one has {@code from} and {@code until} only. */
public class AbsenceDto {
    public String id;
    public String from;
    public String until;

    public AbsenceDto() {
    }

    public static AbsenceDto from(Absence absence) {
        AbsenceDto dto = new AbsenceDto();
        dto.id = absence.id();
        dto.from = absence.from().toString();
        dto.until = absence.until().toString();
        return dto;
    }

    public String getId() {
        return id;
    }

    public String getFrom() {
        return from;
    }

    public String getUntil() {
        return until;
    }
}
