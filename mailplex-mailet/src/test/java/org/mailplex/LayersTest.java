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

package org.mailplex;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layers of the MailPlex jar, checked on every {@code mvn verify}: thin James entry points on
 * top, then the roles, each using only those below it, and at the bottom the rule, the
 * configuration values and the stores, which know no James server types.
 */
@AnalyzeClasses(packages = "org.mailplex", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class LayersTest {
    private static final int MAX_PARAMETERS = 8;
    private static final String[] ENTRY = {"Mailet", "Smtp", "Pop3", "Webadmin", "Guice modules"};

    @ArchTest
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Mailet").definedBy("org.mailplex.mailet..")
        .layer("Smtp").definedBy("org.mailplex.smtp..")
        .layer("Pop3").definedBy("org.mailplex.pop3..")
        .layer("Webadmin").definedBy("org.mailplex.webadmin..")
        .layer("Guice modules").definedBy("org.mailplex.james..")
        .layer("Admin").definedBy("org.mailplex.admin..")
        .layer("Plex").definedBy("org.mailplex.plex..")
        .layer("Lease").definedBy("org.mailplex.lease..")
        .layer("Release").definedBy("org.mailplex.release..")
        .layer("Reclaim").definedBy("org.mailplex.reclaim..")
        .layer("Queue").definedBy("org.mailplex.queue..")
        .layer("Mailbox").definedBy("org.mailplex.mailbox..")
        .layer("Trace").definedBy("org.mailplex.trace..")
        .layer("Config").definedBy("org.mailplex.config..")
        .layer("State").definedBy("org.mailplex.state..")
        .layer("Core").definedBy("org.mailplex.core..")
        .whereLayer("Mailet").mayNotBeAccessedByAnyLayer()
        .whereLayer("Smtp").mayNotBeAccessedByAnyLayer()
        .whereLayer("Pop3").mayNotBeAccessedByAnyLayer()
        .whereLayer("Webadmin").mayNotBeAccessedByAnyLayer()
        .whereLayer("Guice modules").mayNotBeAccessedByAnyLayer()
        .whereLayer("Admin").mayOnlyBeAccessedByLayers(ENTRY)
        .whereLayer("Plex").mayOnlyBeAccessedByLayers(with("Admin"))
        .whereLayer("Lease").mayOnlyBeAccessedByLayers(with("Admin", "Plex"))
        .whereLayer("Release").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease"))
        .whereLayer("Reclaim").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release"))
        .whereLayer("Queue").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim"))
        .whereLayer("Mailbox").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim"))
        .whereLayer("Trace").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim", "Queue"))
        .whereLayer("Config").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim", "Queue", "Mailbox",
            "Trace"))
        .whereLayer("State").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim", "Queue", "Mailbox",
            "Trace"))
        .whereLayer("Core").mayOnlyBeAccessedByLayers(with("Admin", "Plex", "Lease", "Release", "Reclaim", "Queue", "Mailbox",
            "Trace", "Config", "State"));

    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("org.mailplex.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule RULE_AND_STORES_KNOW_NO_JAMES = noClasses()
        .that().resideInAnyPackage("org.mailplex.core..", "org.mailplex.state..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.james..", "org.apache.mailet..", "javax.mail..",
            "com.google.inject..", "javax.inject..");

    /** Configuration turns James's configuration into values: James's address and URL values only, no server part. */
    @ArchTest
    static final ArchRule CONFIGURATION_KNOWS_ONLY_JAMES_VALUES = classes()
        .that().resideInAPackage("org.mailplex.config..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.mail..", "org.mailplex.config..", "org.mailplex.core..",
            "com.google.common..", "org.slf4j..", "org.apache.james.core..", "org.apache.james.mailrepository.api..",
            "org.apache.james.util..");

    /** Value classes use builders; anything else that needs more is doing more than one job. */
    @ArchTest
    static final ArchRule AT_MOST_EIGHT_PARAMETERS = codeUnits()
        .that().areDeclaredInClassesThat().resideInAPackage("org.mailplex..")
        .and().doNotHaveModifier(JavaModifier.SYNTHETIC)
        .should(new ArchCondition<JavaCodeUnit>("take at most " + MAX_PARAMETERS + " parameters") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                int count = unit.getRawParameterTypes().size();
                if (count > MAX_PARAMETERS && !unit.getOwner().isEnum() && !unit.getOwner().isAnonymousClass()) {
                    events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " takes " + count + " parameters"));
                }
            }
        });

    private static String[] with(String... layers) {
        String[] all = new String[ENTRY.length + layers.length];
        System.arraycopy(ENTRY, 0, all, 0, ENTRY.length);
        System.arraycopy(layers, 0, all, ENTRY.length, layers.length);
        return all;
    }
}
