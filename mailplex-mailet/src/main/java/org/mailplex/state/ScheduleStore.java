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

import org.mailplex.core.OperatorCalendar;

/**
 * Per person (the same on every plex she is on), her schedule and absences. One node keeps them in
 * files ({@link FileScheduleStore}); several nodes share one store.
 */
public interface ScheduleStore {
    /** What was last saved for {@code operator}; {@link OperatorCalendar#ALWAYS} when nothing was. */
    OperatorCalendar load(String operator) throws IOException;

    /** Replaces what is kept for {@code operator}; an empty calendar leaves nothing behind. */
    void save(String operator, OperatorCalendar calendar) throws IOException;
}
