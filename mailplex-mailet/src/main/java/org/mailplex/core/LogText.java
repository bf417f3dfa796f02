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
 * Text that came from a mail, made safe for a log line: control characters (CR and LF among them,
 * which would forge log lines) become {@code ?}, and long values are cut.
 */
public final class LogText {
    public static final int MAX_LENGTH = 200;

    private LogText() {
    }

    public static String safe(String value) {
        if (value == null) {
            return "none";
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH + 3));
        for (int index = 0; index < value.length() && index < MAX_LENGTH; index++) {
            char c = value.charAt(index);
            safe.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }
}
