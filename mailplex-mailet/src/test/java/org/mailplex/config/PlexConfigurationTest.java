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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.RosterEntry;

class PlexConfigurationTest {
    private static Map<String, String> valid() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("account", "help@911.gov");
        parameters.put("operators", "alice@911.gov, bob@911.gov");
        parameters.put("repositoryPath", "file://var/mail/mailplex/help/");
        return parameters;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> parameters = valid();
        if (value == null) {
            parameters.remove(name);
        } else {
            parameters.put(name, value);
        }
        return parameters;
    }

    private static PlexConfiguration parse(Map<String, String> parameters) throws MessagingException {
        return PlexConfiguration.parse(parameters.keySet(), parameters::get);
    }

    @Test
    void parseShouldApplyTheSeedDefaults() throws Exception {
        PlexConfiguration configuration = parse(valid());

        assertThat(configuration.account()).isEqualTo(new MailAddress("help@911.gov"));
        assertThat(configuration.roster().operators()).containsExactly("alice@911.gov", "bob@911.gov");
        assertThat(configuration.roster().capacity("bob@911.gov")).isEqualTo(1);
        assertThat(configuration.busyWhen()).isEqualTo(BusyWhen.MESSAGES);
        assertThat(configuration.mailbox()).isEqualTo("INBOX");
        assertThat(configuration.reconcileInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(configuration.sticky()).isFalse();
    }

    @Test
    void parseShouldReadEveryOptionalParameter() throws Exception {
        Map<String, String> parameters = valid();
        parameters.put("operators", "alice@911.gov:3, bob@911.gov");
        parameters.put("capacity", "2");
        parameters.put("busyWhen", "UNSEEN");
        parameters.put("mailbox", "Help");
        parameters.put("reconcileInterval", "500ms");
        parameters.put("sticky", "true");
        parameters.put("stickyMemory", "42");

        PlexConfiguration configuration = parse(parameters);

        assertThat(configuration.roster().capacity("alice@911.gov")).isEqualTo(3);
        assertThat(configuration.roster().capacity("bob@911.gov")).isEqualTo(2);
        assertThat(configuration.busyWhen()).isEqualTo(BusyWhen.UNSEEN);
        assertThat(configuration.mailbox()).isEqualTo("Help");
        assertThat(configuration.reconcileInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(configuration.sticky()).isTrue();
        assertThat(configuration.stickyMemory()).isEqualTo(42);
    }

    private static void assertRejected(Map<String, String> parameters, String parameter, String problem) {
        assertThatThrownBy(() -> parse(parameters))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("MailPlex parameter '" + parameter + "'")
            .hasMessageContaining(problem);
    }

    @Test
    void parseShouldReadStickyExtraAndCallTimeoutAndStuckRepository() throws Exception {
        assertThat(parse(valid()).stickyExtra()).isEqualTo(1);
        assertThat(parse(valid()).callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse(with("stickyExtra", "0")).stickyExtra()).isZero();
        assertThat(parse(with("callTimeout", "2s")).callTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse(with("stuckRepositoryPath", "file://var/mail/help-aside/")).stuckRepositoryUrl().asString())
            .isEqualTo("file://var/mail/help-aside");
    }

    /** A parameter set to {@code value} (absent when null) stops James with an error that names {@code reported} and says {@code problem}. */
    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void parseShouldRejectABadValueNamingTheParameter(String parameter, String value, String reported, String problem) {
        assertRejected(with(parameter, value), reported, problem);
    }

    @Test
    void leaseTimingsShouldKeepTheirDefaultsUnlessSet() throws Exception {
        assertThat(parse(valid()).leaseTimings()).isEqualTo(LeaseTimings.DEFAULT);

        Map<String, String> parameters = valid();
        parameters.put("leaseTtl", "10s");
        parameters.put("leaseRenewEvery", "3s");
        parameters.put("leaseMargin", "1500ms");

        assertThat(parse(parameters).leaseTimings())
            .isEqualTo(new LeaseTimings(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(1500)));
    }

    @Test
    void leaseTimingsThatCannotWorkTogetherShouldBeRejectedNamingTheParameterSet() {
        Map<String, String> renewTooLate = with("leaseRenewEvery", "5s");
        assertRejected(renewTooLate, "leaseRenewEvery", "must be shorter than leaseTtl (6000ms)");

        Map<String, String> marginTooLong = with("leaseMargin", "4s");
        assertRejected(marginTooLong, "leaseMargin", "must be shorter than leaseTtl");

        Map<String, String> ttlTooShort = with("leaseTtl", "2s");
        assertRejected(ttlTooShort, "leaseTtl", "must be shorter than leaseTtl (2000ms)");
    }

    @Test
    void reclaimAtShiftEndShouldBeOnUnlessSetFalse() throws Exception {
        assertThat(parse(valid()).reclaimAtShiftEnd()).isTrue();
        assertThat(parse(with("reclaimAtShiftEnd", "true")).reclaimAtShiftEnd()).isTrue();
        assertThat(parse(with("reclaimAtShiftEnd", "false")).reclaimAtShiftEnd()).isFalse();
    }

    @Test
    void parseShouldRejectABadReclaimAtShiftEndNamingIt() {
        assertRejected(with("reclaimAtShiftEnd", "sometimes"), "reclaimAtShiftEnd", "must be true or false, got 'sometimes'");
    }

    @Test
    void parseShouldKeepTheDefaultsAnOperatorAddedLaterGets() throws Exception {
        PlexConfiguration configuration = parse(with("capacity", "2"));
        Map<String, String> withReclaim = with("reclaimAfter", "30m");

        assertThat(configuration.defaultCapacity()).isEqualTo(2);
        assertThat(configuration.defaultReclaimAfter()).isEmpty();
        assertThat(parse(withReclaim).defaultReclaimAfter()).contains(Duration.ofMinutes(30));
        assertThat(parse(withReclaim).roster().reclaimAfter("alice@911.gov")).contains(Duration.ofMinutes(30));
    }

    @Test
    void withRosterShouldReplaceTheRosterAndKeepThePolicy() throws Exception {
        PlexConfiguration configuration = parse(with("sticky", "true"));

        PlexConfiguration changed = configuration.withRoster(List.of(new RosterEntry("carol@911.gov", 2, Optional.of(Duration.ofMinutes(5))),
            new RosterEntry("alice@911.gov", 1, Optional.empty())));

        assertThat(changed.roster().operators()).containsExactly("carol@911.gov", "alice@911.gov");
        assertThat(changed.roster().capacity("carol@911.gov")).isEqualTo(2);
        assertThat(changed.roster().reclaimAfter("carol@911.gov")).contains(Duration.ofMinutes(5));
        assertThat(changed.operators()).containsExactly(new MailAddress("carol@911.gov"), new MailAddress("alice@911.gov"));
        assertThat(changed.sticky()).isTrue();
        assertThat(changed.repositoryUrl()).isEqualTo(configuration.repositoryUrl());
    }

    @Test
    void withRosterShouldRejectThePlexItselfNamingOperators() throws Exception {
        PlexConfiguration configuration = parse(valid());

        assertThatThrownBy(() -> configuration.withRoster(List.of(new RosterEntry("help@911.gov", 1, Optional.empty()))))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("MailPlex parameter 'operators'");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
            Arguments.of("stickyExtra", "-1", "stickyExtra", "must be 0 or more"),
            Arguments.of("callTimeout", "10ms", "callTimeout", "at least 100ms"),
            Arguments.of("leaseTtl", "1500ms", "leaseTtl", "whole seconds"),
            Arguments.of("leaseTtl", "500ms", "leaseTtl", "at least 1000ms"),
            Arguments.of("leaseTtl", "soon", "leaseTtl", "must be a duration"),
            Arguments.of("leaseRenewEvery", "10ms", "leaseRenewEvery", "at least 100ms"),
            Arguments.of("leaseMargin", "-1s", "leaseMargin", "must be"),
            Arguments.of("stuckRepositoryPath", valid().get("repositoryPath"), "stuckRepositoryPath", "must differ"),
            Arguments.of("stikcy", "true", "stikcy", "is not a parameter of this element"),
            Arguments.of("account", null, "account", "is required"),
            Arguments.of("operators", "  ", "operators", "is required"),
            Arguments.of("operators", "alice@911.gov,,bob@911.gov", "operators", "empty entry"),
            Arguments.of("operators", "alice@911.gov, not an address", "operators", "not an address"),
            Arguments.of("operators", "alice@911.gov, HELP@911.gov", "operators", "plex account"),
            Arguments.of("operators", "alice@911.gov, bob@911.gov, Alice@911.gov", "operators", "twice"),
            Arguments.of("capacity", "0", "capacity", "at least 1"),
            Arguments.of("capacity", "many", "capacity", "whole number"),
            Arguments.of("operators", "alice@911.gov:0", "operators", "capacity must be at least 1"),
            Arguments.of("busyWhen", "sometimes", "busyWhen", "messages, unseen"),
            Arguments.of("repositoryPath", "var/mail/help", "repositoryPath", "repository URL"),
            Arguments.of("reconcileInterval", "soon", "reconcileInterval", "duration"),
            Arguments.of("reconcileInterval", "10ms", "reconcileInterval", "at least 100ms"),
            Arguments.of("sticky", "yes", "sticky", "true or false"),
            Arguments.of("stickyMemory", "0", "stickyMemory", "at least 1"),
            Arguments.of("repositoryPath", null, "repositoryPath", "is required"),
            Arguments.of("operators", "alice@911.gov, <>", "operators", "not a valid mail address"),
            Arguments.of("maxParked", "0", "maxParked", "at least 1"),
            Arguments.of("maxParked", "lots", "maxParked", "whole number"),
            Arguments.of("overflowProcessor", "error", "overflowProcessor", "maxParked"),
            Arguments.of("serviceLevelTarget", "soon", "serviceLevelTarget", "duration"),
            Arguments.of("serviceLevelTarget", "10ms", "serviceLevelTarget", "at least 1000ms"));
    }


    @Test
    void serviceLevelTargetShouldDefaultToFiveMinutes() throws Exception {
        assertThat(parse(valid()).serviceLevelTarget()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void parseShouldReadTheServiceLevelTarget() throws Exception {
        assertThat(parse(with("serviceLevelTarget", "90s")).serviceLevelTarget()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parseShouldHaveNoParkingLimitByDefault() throws Exception {
        PlexConfiguration configuration = parse(valid());

        assertThat(configuration.maxParked()).isEmpty();
    }

    @Test
    void parseShouldReadMaxParkedAndOverflowProcessor() throws Exception {
        Map<String, String> parameters = valid();
        parameters.put("maxParked", "500");
        parameters.put("overflowProcessor", "plex-full");

        PlexConfiguration configuration = parse(parameters);

        assertThat(configuration.maxParked()).contains(500);
        assertThat(configuration.overflowProcessor()).isEqualTo("plex-full");
    }

    @Test
    void parseShouldSendOverflowToTheErrorProcessorByDefault() throws Exception {
        PlexConfiguration configuration = parse(with("maxParked", "1"));

        assertThat(configuration.overflowProcessor()).isEqualTo("error");
    }

    @Test
    void parseShouldLeaveReclaimOffByDefault() throws Exception {
        ReclaimPolicy reclaim = parse(valid()).reclaim();

        assertThat(reclaim.enabled()).isFalse();
        assertThat(reclaim.after("alice@911.gov")).isEmpty();
        assertThat(reclaim.maxReclaims()).isEqualTo(3);
    }

    @Test
    void parseShouldReadReclaimAfterWithPerOperatorOverrides() throws Exception {
        Map<String, String> parameters = valid();
        parameters.put("reclaimAfter", "30m");
        parameters.put("maxReclaims", "5");
        parameters.put("operators", "alice@911.gov, bob@911.gov:2:1h, carol@911.gov::off, dave@911.gov:3");

        PlexConfiguration configuration = parse(parameters);

        assertThat(configuration.reclaim().after("alice@911.gov")).contains(Duration.ofMinutes(30));
        assertThat(configuration.reclaim().after("bob@911.gov")).contains(Duration.ofHours(1));
        assertThat(configuration.reclaim().after("carol@911.gov")).isEmpty();
        assertThat(configuration.reclaim().after("dave@911.gov")).contains(Duration.ofMinutes(30));
        assertThat(configuration.roster().capacity("bob@911.gov")).isEqualTo(2);
        assertThat(configuration.roster().capacity("carol@911.gov")).isEqualTo(1);
        assertThat(configuration.roster().capacity("dave@911.gov")).isEqualTo(3);
        assertThat(configuration.reclaim().maxReclaims()).isEqualTo(5);
    }

    @Test
    void parseShouldLetOneOperatorOptIntoReclaimWhenThePlexHasNone() throws Exception {
        PlexConfiguration configuration = parse(with("operators", "alice@911.gov::10m, bob@911.gov"));

        assertThat(configuration.reclaim().after("alice@911.gov")).contains(Duration.ofMinutes(10));
        assertThat(configuration.reclaim().after("bob@911.gov")).isEmpty();
        assertThat(configuration.reclaim().enabled()).isTrue();
    }

    @Test
    void parseShouldRejectBadReclaimValuesNamingTheParameter() {
        assertRejected(with("reclaimAfter", "soon"), "reclaimAfter", "must be a duration such as 30m, or off, got 'soon'");
        assertRejected(with("reclaimAfter", "500ms"), "reclaimAfter", "must be at least 1s, got '500ms'");
        assertRejected(with("operators", "alice@911.gov::soon"), "operators",
            "reclaimAfter of alice@911.gov must be a duration such as 30m, or off, got 'soon'");
        assertRejected(with("operators", "alice@911.gov:1:1h:2"), "operators",
            "entry 'alice@911.gov:1:1h:2' has more than address:capacity:reclaimAfter");
        assertRejected(with("maxReclaims", "0"), "maxReclaims", "must be at least 1, got 0");
    }

    @Test
    void parseShouldReadOperatorMailboxesElsewhereAndKeepTheRosterSyntax() throws Exception {
        Map<String, String> parameters = valid();
        parameters.put("operators", "alice@911.gov, dave@partner.org:2, erin@other.org::off");
        parameters.put("operatorMailboxes", " dave@partner.org imap url=imaps://imap.partner.org/INBOX login=dave "
            + "passwordFile=/etc/james/dave.password deliver=smtp;\n  erin@other.org command command=/opt/isfree.sh ; ");

        PlexConfiguration configuration = parse(parameters);

        assertThat(configuration.roster().entry("alice@911.gov").flatMap(RosterEntry::mailbox)).isEmpty();
        RosterEntry dave = configuration.roster().entry("dave@partner.org").orElseThrow();
        assertThat(dave.capacity()).isEqualTo(2);
        assertThat(dave.mailbox()).contains(new MailboxSpec("imap", Map.of("url", "imaps://imap.partner.org/INBOX", "login", "dave",
            "passwordFile", "/etc/james/dave.password", "deliver", "smtp")));
        assertThat(configuration.roster().entry("erin@other.org").flatMap(RosterEntry::mailbox).map(MailboxSpec::kind)).contains("command");
    }

    @Test
    void parseShouldRejectBadOperatorMailboxesNamingTheParameter() {
        Map<String, String> notOnRoster = with("operatorMailboxes", "dave@partner.org imap url=imaps://x/INBOX");
        assertRejected(notOnRoster, "operatorMailboxes", "not among the operators");
        Map<String, String> password = valid();
        password.put("operatorMailboxes", "bob@911.gov imap url=imaps://x/INBOX login=bob password=secret");
        assertThatThrownBy(() -> parse(password))
            .hasMessageContaining("operatorMailboxes")
            .hasMessageContaining("passwordFile")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertRejected(with("operatorMailboxes", "bob@911.gov"), "operatorMailboxes", "needs an operator address and a mailbox kind");
        assertRejected(with("operatorMailboxes", "bob@911.gov imap url"), "operatorMailboxes", "is not name=value");
        assertRejected(with("operatorMailboxes", "bob@911.gov IMAP url=x"), "operatorMailboxes", "mailbox kind");
    }

    @Test
    void aMisspeltOperatorMailboxesParameterShouldStopJamesNamingIt() {
        assertThatThrownBy(() -> parse(with("operatorMailbox", "bob@911.gov command command=/bin/true")))
            .hasMessageContaining("operatorMailbox");
    }
}
