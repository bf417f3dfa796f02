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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.specification.RequestSpecification;

/** The console's static assets in James's own webadmin server: content types, the CSP, nothing else served. */
class ConsoleRoutesTest {
    private WebAdminServer server;
    private RequestSpecification spec;

    @BeforeEach
    void setUp() {
        server = WebAdminUtils.createWebAdminServer(new ConsoleRoutes()).start();
        spec = WebAdminUtils.buildRequestSpecification(server).build();
    }

    @AfterEach
    void tearDown() {
        server.destroy();
    }

    @Test
    void pageShouldBeHtmlWithAStrictContentSecurityPolicy() {
        String page = given().spec(spec).get("/mailplex-console/")
        .then()
            .statusCode(200)
            .contentType("text/html; charset=utf-8")
            .header("Content-Security-Policy", equalTo(ConsoleRoutes.CONTENT_SECURITY_POLICY))
            .header("X-Content-Type-Options", "nosniff")
            .extract().asString();

        assertThat(page).contains("<script src=\"console.js\" defer></script>");
        assertThat(page.replace("<script src=\"console.js\" defer></script>", "")).doesNotContain("<script");
        assertThat(ConsoleRoutes.CONTENT_SECURITY_POLICY).contains("script-src 'self'").doesNotContain("unsafe");
    }

    @Test
    void scriptAndStyleSheetShouldHaveTheirOwnContentTypes() {
        given().spec(spec).get("/mailplex-console/console.js")
        .then()
            .statusCode(200)
            .contentType("text/javascript; charset=utf-8")
            .body(containsString("textContent"));
        given().spec(spec).get("/mailplex-console/console.css")
        .then()
            .statusCode(200)
            .contentType("text/css; charset=utf-8");
    }

    @Test
    void scriptShouldNeverParseMarkup() {
        String script = given().spec(spec).get("/mailplex-console/console.js").then().statusCode(200).extract().asString();

        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }

    @Test
    void anythingElseShouldBeNotFoundInJamesFormat() {
        given().spec(spec).get("/mailplex-console/secret.properties")
        .then()
            .statusCode(404)
            .body("statusCode", equalTo(404))
            .body("type", equalTo("notFound"))
            .body("message", equalTo("The MailPlex console has no 'secret.properties'"));
    }

    @Test
    void baseWithoutSlashShouldRedirectToThePage() {
        given().spec(spec).redirects().follow(false).get("/mailplex-console")
        .then()
            .statusCode(302)
            .header("Location", endsWith("/mailplex-console/"));
    }
}
