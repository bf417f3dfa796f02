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

package org.mailplex.webadmin;

import static org.eclipse.jetty.http.HttpStatus.ACCEPTED_202;
import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CONFLICT_409;
import static org.eclipse.jetty.http.HttpStatus.INTERNAL_SERVER_ERROR_500;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NO_CONTENT_204;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;

import java.io.UncheckedIOException;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.mailplex.admin.MailPlexAdministration.ConflictException;
import org.mailplex.admin.MailPlexAdministration.DeliveryFailedException;
import org.mailplex.admin.MailPlexAdministration.NotFoundException;
import org.mailplex.release.NotDoneException;
import org.mailplex.release.StillRunningException;

import spark.HaltException;
import spark.Response;
import spark.Route;
import spark.Spark;

/**
 * The answers every MailPlex route gives when something is wrong, in James's JSON error format:
 * the administration's exceptions mapped to HTTP once, for all routes.
 *
 * <ul>
 *     <li>not found: 404; a conflict (the last operator, a mail in the wrong state): 409;</li>
 *     <li>bad input ({@link IllegalArgumentException}): 400; a failed delivery or a store that cannot be written: 500;</li>
 *     <li>an action that could not start on the plex's loop in time (nothing done): 503;</li>
 *     <li>an action that started and outlasted the wait: 202, as HTTP says it: it goes on, and the
 *     route says where to follow it.</li>
 * </ul>
 */
final class RouteErrors {
    private RouteErrors() {
    }

    /** {@code route} with the administration's errors mapped; {@code followWith} says where a still-running action shows. */
    static Route mapped(Route route, String followWith) {
        return (request, response) -> {
            try {
                return route.handle(request, response);
            } catch (NotFoundException e) {
                throw error(NOT_FOUND_404, ErrorType.NOT_FOUND, e.getMessage());
            } catch (ConflictException e) {
                throw error(CONFLICT_409, ErrorType.WRONG_STATE, e.getMessage());
            } catch (DeliveryFailedException | UncheckedIOException e) {
                throw error(INTERNAL_SERVER_ERROR_500, ErrorType.SERVER_ERROR, e.getMessage());
            } catch (NotDoneException e) {
                throw error(SERVICE_UNAVAILABLE_503, ErrorType.SERVER_ERROR, e.getMessage());
            } catch (StillRunningException e) {
                throw Spark.halt(ACCEPTED_202, "{\"statusCode\":202,\"message\":\"" + jsonText(e.getMessage() + "; follow it with GET "
                    + followWith) + "\"}");
            } catch (IllegalArgumentException e) {
                throw badRequest(e.getMessage());
            }
        };
    }

    /** The address in a path or query parameter, or a 400 naming {@code what} it should be. */
    static MailAddress address(String value, String what) {
        try {
            return new MailAddress(Optional.ofNullable(value).orElse(""));
        } catch (AddressException e) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message("Invalid %s address '%s'", what, value)
                .cause(e)
                .haltError();
        }
    }

    static HaltException badRequest(String message) {
        return error(BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT, message);
    }

    static HaltException error(int status, ErrorType type, String message) {
        return ErrorResponder.builder()
            .statusCode(status)
            .type(type)
            .message("%s", message)
            .haltError();
    }

    static String noContent(Response response) {
        response.status(NO_CONTENT_204);
        return "";
    }

    private static String jsonText(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
