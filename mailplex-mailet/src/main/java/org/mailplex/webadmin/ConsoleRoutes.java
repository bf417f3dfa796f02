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

import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;

import com.google.common.collect.ImmutableMap;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The MailPlex console: one page, its script and its style sheet, served from this jar at
 * {@code /mailplex-console/}. Public (no token needed to fetch the page, which holds no data): the
 * page itself calls the {@code /mailplex} routes, with the admin token when webadmin asks for one.
 * List it in {@code webadmin.properties} {@code extensions.routes}.
 *
 * <p>Outside {@code /mailplex} because James attaches the authentication filter of a route class to
 * its base path and everything under it. Every answer sets its own content type (webadmin's default
 * is JSON) and a Content-Security-Policy that allows only this origin's script, style and API calls:
 * no inline script, no other origin.</p>
 */
public class ConsoleRoutes implements Routes, PublicRoutes {
    public static final String BASE_PATH = "/mailplex-console";
    static final String RESOURCES = "/mailplex-console/";
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String INDEX = "index.html";
    /** The assets, by the name they are asked for, with their content type: nothing else is served. */
    private static final ImmutableMap<String, String> ASSETS = ImmutableMap.of(
        INDEX, "text/html; charset=utf-8",
        "console.js", "text/javascript; charset=utf-8",
        "console.css", "text/css; charset=utf-8");

    private final ImmutableMap<String, byte[]> contents;

    public ConsoleRoutes() {
        ImmutableMap.Builder<String, byte[]> builder = ImmutableMap.builder();
        ASSETS.keySet().forEach(name -> builder.put(name, read(name)));
        this.contents = builder.build();
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The MailPlex console asset " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The MailPlex console asset " + name + " cannot be read", e);
        }
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            response.redirect(BASE_PATH + "/");
            return "";
        });
        service.get(BASE_PATH + "/", (request, response) -> asset(INDEX, response));
        service.get(BASE_PATH + "/:asset", this::asset);
    }

    private byte[] asset(Request request, Response response) {
        String name = request.params(":asset");
        if (!contents.containsKey(name)) {
            throw ErrorResponder.builder()
                .statusCode(NOT_FOUND_404)
                .type(ErrorType.NOT_FOUND)
                .message("The MailPlex console has no '%s'", name)
                .haltError();
        }
        return asset(name, response);
    }

    private byte[] asset(String name, Response response) {
        response.type(ASSETS.get(name));
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cache-Control", "no-cache");
        return contents.get(name);
    }
}
