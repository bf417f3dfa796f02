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

package org.mailplex.core;

/**
 * The two places where a crash test kills James on purpose: between two steps whose order is a
 * guarantee. MailPlex binds {@link #NONE}; a crash test binds an implementation that pauses there
 * (its own Guice module, from the test sources), so production code holds no test pause.
 */
public interface StepPauses {
    /** No pause anywhere: what MailPlex runs with. */
    StepPauses NONE = new StepPauses() {
    };

    /** Between marking a released mail delivered and taking it out of the queue. */
    default void afterDelivered(String plex, String key) {
    }

    /** Between putting a reclaimed mail back into the queue and removing it from the operator's mailbox. */
    default void afterPutBack(String plex, String key) {
    }
}
