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

package org.mailplex.config;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryUrl;

import com.google.common.collect.ImmutableSet;

/**
 * Every configuration error of MailPlex, in one form: {@code MailPlex parameter 'name' problem}.
 * James refuses to start with it, and the admin knows which line to fix.
 */
public final class ConfigurationErrors {
    /** Parameters James's mailet container itself reads on every mailet element. */
    public static final ImmutableSet<String> IGNORED_BY_JAMES = ImmutableSet.of("onMailetException", "onMatchException",
        "onMatcherException");

    private ConfigurationErrors() {
    }

    /** {@code MailPlex parameter 'name' problem}. */
    public static MessagingException parameter(String parameter, String problem) {
        return new MessagingException(message(parameter, problem));
    }

    public static MessagingException parameter(String parameter, String problem, Exception cause) {
        // javax.mail's MessagingException keeps its cause as its "next" exception: initCause would throw
        return new MessagingException(message(parameter, problem + ": " + cause.getMessage()), cause);
    }

    private static String message(String parameter, String problem) {
        return "MailPlex parameter '" + parameter + "' " + problem;
    }

    /** Refuses a misspelt or unknown parameter: it would otherwise be silently ignored. */
    public static void requireKnown(Collection<String> names, Set<String> known, Set<String> alsoAllowed) throws MessagingException {
        for (String name : names) {
            if (!known.contains(name) && !alsoAllowed.contains(name)) {
                throw parameter(name, "is not a parameter of this element; known parameters: " + new TreeSet<>(known));
            }
        }
    }

    public static MessagingException operator(MailAddress operator, Exception cause) {
        return parameter(PlexConfiguration.OPERATORS, operator.asString() + " cannot be mapped to a James user", cause);
    }

    public static MessagingException repository(String parameter, MailRepositoryUrl url, Exception cause) {
        return parameter(parameter, "cannot open " + url.asString() + " (is protocol '"
            + url.getProtocol().getValue() + "' registered in mailrepositorystore.xml?)", cause);
    }

    public static MessagingException duplicateAccount(MailAddress account) {
        return parameter(PlexConfiguration.ACCOUNT, account.asString()
            + " is configured by two MailPlex mailets; use one element per plex");
    }

    public static MessagingException operatorIsPlex(MailAddress plex, MailAddress operator) {
        return parameter(PlexConfiguration.OPERATORS, "of plex " + plex.asString() + " lists " + operator.asString()
            + ", which is itself a plex; mail given to it would never be released");
    }

}
