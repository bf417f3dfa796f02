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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplex.it.MailPlexJames.ALICE;
import static org.mailplex.it.MailPlexJames.BOB;
import static org.mailplex.it.MailPlexJames.CAROL;
import static org.mailplex.it.MailPlexJames.PLEX;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailplex.it.MailPlexJames;
import org.mailplex.it.MailPlexJamesExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;

/**
 * The console in a real headless Chromium against a real James started from the shipped
 * configuration: what the page shows, what its buttons do (checked through webadmin's JSON and over
 * IMAP), hostile subjects, the charts. Every test starts with alice and bob paused and an empty
 * queue, so a mail sent by SMTP stays parked until the test or the page moves it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
    private static final String CUSTOMER = "customer@example.org";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String QUEUE_ROWS = "section.plex table.queue tbody tr";

    @RegisterExtension
    static final MailPlexJamesExtension JAMES = new MailPlexJamesExtension();

    private MailPlexJames james;
    private Browser browser;

    @BeforeAll
    void startJamesAndBrowser() throws Exception {
        browser = Browser.open(1280, 800);
        james = JAMES.fromShippedConf().start().withDemoUsers();
        // logging in creates the INBOXes now, not while MailPlex creates them to deliver (a race MailPlex loses)
        assertThat(james.imap(ALICE).subjects()).isEmpty();
        assertThat(james.imap(BOB).subjects()).isEmpty();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void bothOperatorsPausedAndNothingParked() {
        api().put("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
        api().put("/mailplex/" + PLEX + "/operators/" + BOB + "/paused").then().statusCode(204);
        for (String key : api().get("/mailplex/" + PLEX + "/queue").then().statusCode(200).extract().jsonPath().getList("key", String.class)) {
            api().delete("/mailplex/" + PLEX + "/queue/" + key).then().statusCode(204);
        }
        await().atMost(WAIT).until(() -> james.parked() == 0);
    }

    private RequestSpecification api() {
        return given().spec(new RequestSpecBuilder()
            .setBaseUri("http://127.0.0.1")
            .setPort(james.webAdminPort())
            .setUrlEncodingEnabled(false)
            .build());
    }

    private String console() {
        return "http://127.0.0.1:" + james.webAdminPort() + "/mailplex-console/";
    }

    private void park(String subject) throws Exception {
        long before = james.parked();
        james.smtp().send(CUSTOMER, PLEX, subject);
        await().atMost(WAIT).until(() -> james.parked() == before + 1);
    }

    private WebElement operatorRow(String operator) {
        return browser.waitFor(By.cssSelector("section.plex table.operators tr[data-key='" + operator + "']"));
    }

    private WebElement queueRow() {
        return browser.waitFor(By.cssSelector(QUEUE_ROWS));
    }

    private static String cell(WebElement row, int column) {
        return row.findElement(By.cssSelector("td:nth-of-type(" + column + ")")).getText();
    }

    @Test
    void pageShouldShowTheOperatorsAndAParkedMail() throws Exception {
        park("Printer on fire");

        browser.get(console());

        assertThat(browser.waitFor(By.cssSelector("section.plex h2")).getText()).isEqualTo(PLEX);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(operatorRow(ALICE).findElement(By.cssSelector(".status")).getText()).isEqualTo("paused");
            assertThat(operatorRow(BOB).findElement(By.cssSelector(".status")).getText()).isEqualTo("paused");
            WebElement row = queueRow();
            assertThat(cell(row, 2)).isEqualTo(CUSTOMER);
            assertThat(cell(row, 3)).isEqualTo("Printer on fire");
        });
        List<WebElement> operators = browser.driver().findElements(By.cssSelector("section.plex table.operators tbody tr th"));
        assertThat(operators).extracting(WebElement::getText).containsExactly(ALICE, BOB);
        browser.screenshot("console-parked-mail");
    }

    @Test
    void rosterAndScheduleEditsFromThePageShouldTakeEffect() throws Exception {
        browser.get(console());
        WebElement add = browser.waitFor(By.cssSelector("section.plex form.roster-add"));
        add.findElement(By.cssSelector("input.roster-operator")).sendKeys(CAROL);
        WebElement capacity = add.findElement(By.cssSelector("input.roster-capacity"));
        capacity.clear();
        capacity.sendKeys("2");
        add.findElement(By.cssSelector("button[type=submit]")).click();
        browser.confirm();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(api().get("/mailplex/" + PLEX).then().statusCode(200).extract().jsonPath().getList("operators.operator", String.class))
                .containsExactly(ALICE, BOB, CAROL);
            assertThat(api().get("/mailplex/" + PLEX).then().extract().jsonPath()
                .getInt("operators.find { it.operator == '" + CAROL + "' }.capacity")).isEqualTo(2);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(operatorRow(CAROL).findElement(By.cssSelector(".status")).getText())
            .isNotEmpty());
        browser.screenshot("console-roster-added");

        operatorRow(CAROL).findElement(By.cssSelector("button.remove")).click();
        browser.confirm();
        await().atMost(WAIT).untilAsserted(() -> assertThat(api().get("/mailplex/" + PLEX).then().statusCode(200).extract().jsonPath()
            .getList("operators.operator", String.class)).containsExactly(ALICE, BOB));

        WebElement schedule = browser.waitFor(By.cssSelector("section.plex form.schedule-edit"));
        new Select(schedule.findElement(By.cssSelector("select.schedule-operator"))).selectByValue(ALICE);
        schedule.findElement(By.cssSelector("button[type=submit]")).click();
        browser.confirm();
        await().atMost(WAIT).untilAsserted(() -> assertThat(api().get("/mailplex/operators/" + ALICE + "/schedule").then().statusCode(200)
            .extract().jsonPath().getString("zone")).isEqualTo("UTC"));

        schedule.findElement(By.cssSelector("button.schedule-clear")).click();
        browser.confirm();
        await().atMost(WAIT).untilAsserted(() -> api().get("/mailplex/operators/" + ALICE + "/schedule").then().statusCode(404));
    }

    @Test
    void pausingFromThePageShouldPauseTheOperator() throws Exception {
        api().delete("/mailplex/" + PLEX + "/operators/" + ALICE + "/paused").then().statusCode(204);
        browser.get(console());
        await().atMost(WAIT).until(() -> operatorRow(ALICE).findElement(By.cssSelector("button.pause")).getText().equals("Pause"));

        operatorRow(ALICE).findElement(By.cssSelector("button.pause")).click();
        browser.confirm();

        await().atMost(WAIT).until(() -> api().get("/mailplex/" + PLEX + "/operators/" + ALICE).then().statusCode(200)
            .extract().jsonPath().getBoolean("paused"));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(browser.waitFor(By.id("answer")).getText())
                .isEqualTo("PUT /mailplex/" + PLEX + "/operators/" + ALICE + "/paused answered 204: done");
            assertThat(operatorRow(ALICE).findElement(By.cssSelector("button.pause")).getText()).isEqualTo("Resume");
        });
        browser.screenshot("console-paused");
    }

    @Test
    void assigningFromThePageShouldDeliver() throws Exception {
        park("Assign me to bob");
        browser.get(console());
        await().atMost(WAIT).until(() -> cell(queueRow(), 3).equals("Assign me to bob"));

        new Select(queueRow().findElement(By.cssSelector("select.operator"))).selectByValue(BOB);
        queueRow().findElement(By.cssSelector("button.assign")).click();
        browser.confirm();

        await().atMost(WAIT).until(() -> james.imap(BOB).subjects().contains("Assign me to bob"));
        await().atMost(WAIT).until(() -> james.parked() == 0);
        await().atMost(WAIT).until(() -> browser.driver().findElements(By.cssSelector(QUEUE_ROWS)).isEmpty());
        assertThat(browser.waitFor(By.id("answer")).getText()).startsWith("POST /mailplex/" + PLEX + "/queue/").contains("answered 200");
    }

    @Test
    void deletingFromThePageShouldTakeTheMailOutOfTheQueue() throws Exception {
        park("Spam, delete me");
        browser.get(console());
        await().atMost(WAIT).until(() -> cell(queueRow(), 3).equals("Spam, delete me"));

        queueRow().findElement(By.cssSelector("button.delete")).click();
        browser.confirm();

        await().atMost(WAIT).until(() -> james.parked() == 0);
        await().atMost(WAIT).until(() -> browser.driver().findElements(By.cssSelector(QUEUE_ROWS)).isEmpty());
        assertThat(browser.waitFor(By.id("answer")).getText()).startsWith("DELETE /mailplex/" + PLEX + "/queue/").endsWith("answered 204: done");
    }

    @Test
    void retryingAStuckMailFromThePageShouldPutItBackInTheQueue() throws Exception {
        // a loop: bob gets a mail, then sends it back to the plex as it is; it is set aside as stuck
        api().delete("/mailplex/" + PLEX + "/operators/" + BOB + "/paused").then().statusCode(204);
        james.smtp().send(CUSTOMER, PLEX, "Round and round");
        await().atMost(WAIT).until(() -> james.imap(BOB).subjects().contains("Round and round"));
        api().put("/mailplex/" + PLEX + "/operators/" + BOB + "/paused").then().statusCode(204);
        byte[] delivered = james.imap(BOB).rawMessages().stream()
            .filter(raw -> new String(raw, StandardCharsets.UTF_8).contains("Subject: Round and round"))
            .findFirst().orElseThrow();
        james.smtp().send(BOB, List.of(PLEX), delivered);
        browser.get(console());
        WebElement stuck = browser.waitFor(By.cssSelector("section.plex table.stuck tbody tr"));
        await().atMost(WAIT).until(() -> cell(stuck, 3).equals("Round and round") && cell(stuck, 5).startsWith("A loop"));

        stuck.findElement(By.cssSelector("button.retry")).click();
        browser.confirm();

        await().atMost(WAIT).until(() -> api().get("/mailplex/" + PLEX + "/stuck").then().statusCode(200)
            .extract().jsonPath().getList("key").isEmpty());
        await().atMost(WAIT).until(() -> cell(queueRow(), 3).equals("Round and round"));
        assertThat(james.parked()).isEqualTo(1);
    }

    @Test
    void htmlInASubjectShouldStayText() throws Exception {
        String hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> & <b>bold</b>";
        park(hostile);

        browser.get(console());

        await().atMost(WAIT).until(() -> cell(queueRow(), 3).equals(hostile));
        assertThat(browser.driver().findElements(By.cssSelector("section.plex img, section.plex td script, section.plex td b"))).isEmpty();
        assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
        assertThat(browser.driver().getTitle()).isEqualTo("MailPlex console");
        browser.screenshot("console-hostile-subject");
    }

    @Test
    void chartsShouldRenderWithData() throws Exception {
        park("Count me in the charts");
        String key = await().atMost(WAIT).until(() -> api().get("/mailplex/" + PLEX + "/queue").then().statusCode(200).extract()
            .jsonPath().getString("find { it.subject == 'Count me in the charts' }.key"), Objects::nonNull);
        api().post("/mailplex/" + PLEX + "/queue/" + key + "?action=assign&operator=" + ALICE).then().statusCode(200);

        browser.get(console());

        await().atMost(WAIT).untilAsserted(() -> {
            for (String chart : List.of("waits", "hours", "shares")) {
                WebElement svg = browser.waitFor(By.cssSelector("section.plex .chart." + chart + " svg"));
                assertThat(Long.parseLong(svg.getDomAttribute("data-total"))).as(chart).isPositive();
                assertThat(svg.findElements(By.cssSelector("rect.bar"))).as(chart).anySatisfy(bar -> {
                    assertThat(Long.parseLong(bar.getDomAttribute("data-value"))).isPositive();
                    assertThat(Double.parseDouble(bar.getDomAttribute("height"))).isPositive();
                    assertThat(Double.parseDouble(bar.getDomAttribute("width"))).isPositive();
                });
            }
            assertThat(browser.waitFor(By.cssSelector("section.plex .service-level")).getText()).matches("\\d{1,3}%");
            assertThat(browser.waitFor(By.cssSelector("section.plex .fairness")).getText()).matches("\\d\\.\\d\\d");
        });
        browser.script("arguments[0].scrollIntoView()", browser.waitFor(By.cssSelector("section.plex .charts")));
        browser.screenshot("console-charts");
    }

    @Test
    void pageShouldFitAPhonesWidth() throws Exception {
        park("Read me on a phone");
        browser.get(console());
        queueRow();
        try {
            browser.driver().manage().window().setSize(new Dimension(390, 844));

            await().atMost(WAIT).until(() -> (Boolean) browser.script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
            browser.screenshot("console-phone");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1280, 800));
        }
    }
}
