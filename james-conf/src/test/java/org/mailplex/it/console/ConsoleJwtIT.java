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

package org.mailplex.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.JwtKeys;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console on a James with {@code jwt.enabled=true}: the page itself loads without a token (it
 * holds no data), shows nothing of any plex until it is given an admin token, keeps that token in
 * the tab's sessionStorage only, and asks again when webadmin refuses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleJwtIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN_KEY = "mailplex.console.token";

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private Browser browser;
    private JwtKeys keys;

    @BeforeAll
    void startJamesWithJwtAndBrowser() throws Exception {
        browser = Browser.open(1280, 800);
        keys = JwtKeys.generate();
        james = keys.trustedBy(JAMES.fromShippedConf())
            .start()
            .withDemoUsers();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Each test opens the page in a tab that holds no token. */
    @BeforeEach
    void freshPageWithoutToken() {
        browser.get(console());
        browser.script("sessionStorage.clear()");
        browser.get(console());
    }

    private String console() {
        return "http://127.0.0.1:" + james.webAdminPort() + "/mailplex-console/";
    }

    private void enterToken(String token) {
        WebElement field = browser.waitFor(By.id("token"));
        field.sendKeys(token);
        browser.driver().findElement(By.cssSelector("#login-form button[type=submit]")).click();
    }

    @Test
    void nothingShouldLoadWithoutTheToken() throws Exception {
        assertThat(browser.waitFor(By.id("login-message")).getText()).contains("401");

        await().during(Duration.ofSeconds(3)).atMost(WAIT)
            .until(() -> browser.driver().findElements(By.cssSelector("section.plex")).isEmpty());
        assertThat(browser.driver().findElement(By.id("token")).getDomAttribute("type")).isEqualTo("password");
        browser.screenshot("console-jwt-asks-for-token");
    }

    @Test
    void everythingShouldLoadWithTheToken() throws Exception {
        String token = keys.token("admin@mailplex.local", true);

        enterToken(token);

        WebElement alice = browser.waitFor(By.cssSelector("section.plex table.operators tr[data-key='" + ALICE + "']"));
        assertThat(alice.getText()).contains(ALICE);
        assertThat(browser.waitFor(By.cssSelector("section.plex h2")).getText()).isEqualTo(PLEX);
        assertThat(browser.driver().findElement(By.id("login")).isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).isEqualTo(token);
        assertThat(browser.driver().manage().getCookies()).isEmpty();
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(console());
        browser.screenshot("console-jwt-with-token");
    }

    @Test
    void aRefusedTokenShouldBeAskedForAgain() throws Exception {
        enterToken(keys.token("alice@mailplex.local", false));

        await().atMost(WAIT).until(() -> browser.driver().findElement(By.id("login")).isDisplayed()
            && browser.driver().findElement(By.id("login-message")).getText().contains("refused"));
        assertThat(browser.driver().findElements(By.cssSelector("section.plex"))).isEmpty();
        assertThat(browser.script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).isNull();
    }
}
