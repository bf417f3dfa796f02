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

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.util.DurationParser;
import org.mailplex.core.Addresses;
import org.mailplex.core.BusyWhen;
import org.mailplex.core.LeaseTimings;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.Roster;
import org.mailplex.core.RosterEntry;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;

/**
 * The configuration of one plex, parsed once from its {@code <mailet>} element. Every error names
 * the parameter, so that James refuses to start with a message an admin can act on.
 *
 * <p>Its length is parsing and validating each parameter once, plus the accessors of an immutable
 * value: nothing else lives here.</p>
 */
public final class PlexConfiguration {
    public static final String ACCOUNT = "account";
    public static final String OPERATORS = "operators";
    /** Operators whose mailbox is not in this James: {@code address kind name=value ...}, entries separated by {@code ;}. */
    public static final String OPERATOR_MAILBOXES = "operatorMailboxes";
    public static final String REPOSITORY_PATH = "repositoryPath";
    public static final String CAPACITY = "capacity";
    public static final String BUSY_WHEN = "busyWhen";
    public static final String MAILBOX = "mailbox";
    public static final String RECONCILE_INTERVAL = "reconcileInterval";
    public static final String STUCK_REPOSITORY_PATH = "stuckRepositoryPath";
    public static final String CALL_TIMEOUT = "callTimeout";
    public static final String STICKY = "sticky";
    public static final String STICKY_MEMORY = "stickyMemory";
    public static final String STICKY_EXTRA = "stickyExtra";
    public static final String MAX_PARKED = "maxParked";
    public static final String OVERFLOW_PROCESSOR = "overflowProcessor";
    public static final String RECLAIM_AFTER = "reclaimAfter";
    public static final String MAX_RECLAIMS = "maxReclaims";
    /** Whether unopened mail goes back to the queue when an operator's shift ends or her absence starts. */
    public static final String RECLAIM_AT_SHIFT_END = "reclaimAtShiftEnd";
    /** The wait within which a released mail counts for the service level. */
    public static final String SERVICE_LEVEL_TARGET = "serviceLevelTarget";
    /** Several nodes: how long a lease holder's name lives in the lease store without a renewal (whole seconds). */
    public static final String LEASE_TTL = "leaseTtl";
    /** Several nodes: how often each node steps the plex's lease (the holder renews it). */
    public static final String LEASE_RENEW_EVERY = "leaseRenewEvery";
    /** Several nodes: how long before its lease could expire the holder stops trusting it. */
    public static final String LEASE_MARGIN = "leaseMargin";
    /** The value of {@code reclaimAfter}, or of an operator's override, that turns reclaiming off. */
    public static final String OFF = "off";
    /** Every parameter a MailPlex element may have; any other stops James at start. */
    public static final ImmutableSet<String> PARAMETERS = ImmutableSet.of(ACCOUNT, OPERATORS, REPOSITORY_PATH, CAPACITY,
        BUSY_WHEN, MAILBOX, RECONCILE_INTERVAL, STICKY, STICKY_MEMORY, STICKY_EXTRA, MAX_PARKED, OVERFLOW_PROCESSOR, STUCK_REPOSITORY_PATH,
        CALL_TIMEOUT, RECLAIM_AFTER, MAX_RECLAIMS, RECLAIM_AT_SHIFT_END, SERVICE_LEVEL_TARGET, LEASE_TTL, LEASE_RENEW_EVERY,
        LEASE_MARGIN, OPERATOR_MAILBOXES);
    /** Where mail goes past {@code maxParked} when no {@code overflowProcessor} is given. */
    public static final String DEFAULT_OVERFLOW_PROCESSOR = "error";

    public static final int DEFAULT_CAPACITY = 1;
    public static final String DEFAULT_MAILBOX = "INBOX";
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_RECONCILE_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MIN_CALL_TIMEOUT = Duration.ofMillis(100);
    public static final int DEFAULT_STICKY_MEMORY = 10_000;

    /** The wait the service level counts mails released within: the help desk's "X% within 5 minutes". */
    public static final Duration DEFAULT_SERVICE_LEVEL_TARGET = Duration.ofMinutes(5);
    public static final Duration MIN_SERVICE_LEVEL_TARGET = Duration.ofSeconds(1);

    private final MailAddress account;
    private final ImmutableList<MailAddress> operators;
    private final Roster roster;
    private final MailRepositoryUrl repositoryUrl;
    private final BusyWhen busyWhen;
    private final String mailbox;
    private final Duration reconcileInterval;
    private final MailRepositoryUrl stuckRepositoryUrl;
    private final Duration callTimeout;
    private final boolean sticky;
    private final int stickyMemory;
    private final int stickyExtra;
    private final Optional<Integer> maxParked;
    private final String overflowProcessor;
    private final ReclaimPolicy reclaim;
    private final int defaultCapacity;
    private final Optional<Duration> defaultReclaimAfter;
    private final boolean reclaimAtShiftEnd;
    private final Duration serviceLevelTarget;
    private final LeaseTimings leaseTimings;

    private PlexConfiguration(Builder builder) {
        this.account = builder.account;
        this.operators = builder.operators;
        this.roster = builder.roster;
        this.repositoryUrl = builder.repositoryUrl;
        this.busyWhen = builder.busyWhen;
        this.mailbox = builder.mailbox;
        this.reconcileInterval = builder.reconcileInterval;
        this.stuckRepositoryUrl = builder.stuckRepositoryUrl;
        this.callTimeout = builder.callTimeout;
        this.sticky = builder.sticky;
        this.stickyMemory = builder.stickyMemory;
        this.stickyExtra = builder.stickyExtra;
        this.maxParked = builder.maxParked;
        this.overflowProcessor = builder.overflowProcessor;
        this.reclaim = builder.reclaim;
        this.defaultCapacity = builder.defaultCapacity;
        this.defaultReclaimAfter = builder.defaultReclaimAfter;
        this.reclaimAtShiftEnd = builder.reclaimAtShiftEnd;
        this.serviceLevelTarget = builder.serviceLevelTarget;
        this.leaseTimings = builder.leaseTimings;
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(roster, "roster");
    }

    /** Every value of a plex's configuration; {@link #parse} is how James builds one, tests build theirs here. */
    static Builder builder() {
        return new Builder();
    }

    private Builder toBuilder() {
        Builder builder = new Builder();
        builder.account = account;
        builder.operators = operators;
        builder.roster = roster;
        builder.repositoryUrl = repositoryUrl;
        builder.busyWhen = busyWhen;
        builder.mailbox = mailbox;
        builder.reconcileInterval = reconcileInterval;
        builder.stuckRepositoryUrl = stuckRepositoryUrl;
        builder.callTimeout = callTimeout;
        builder.sticky = sticky;
        builder.stickyMemory = stickyMemory;
        builder.stickyExtra = stickyExtra;
        builder.maxParked = maxParked;
        builder.overflowProcessor = overflowProcessor;
        builder.reclaim = reclaim;
        builder.defaultCapacity = defaultCapacity;
        builder.defaultReclaimAfter = defaultReclaimAfter;
        builder.reclaimAtShiftEnd = reclaimAtShiftEnd;
        builder.serviceLevelTarget = serviceLevelTarget;
        builder.leaseTimings = leaseTimings;
        return builder;
    }

    /** Builds a {@link PlexConfiguration}; what is not set keeps its default. */
    static final class Builder {
        private MailAddress account;
        private ImmutableList<MailAddress> operators;
        private Roster roster;
        private MailRepositoryUrl repositoryUrl;
        private BusyWhen busyWhen;
        private String mailbox;
        private Duration reconcileInterval;
        private MailRepositoryUrl stuckRepositoryUrl;
        private Duration callTimeout;
        private boolean sticky;
        private int stickyMemory;
        private int stickyExtra;
        private Optional<Integer> maxParked = Optional.empty();
        private String overflowProcessor;
        private ReclaimPolicy reclaim;
        private int defaultCapacity = DEFAULT_CAPACITY;
        private Optional<Duration> defaultReclaimAfter = Optional.empty();
        private boolean reclaimAtShiftEnd = true;
        private Duration serviceLevelTarget = DEFAULT_SERVICE_LEVEL_TARGET;
        private LeaseTimings leaseTimings = LeaseTimings.DEFAULT;

        Builder leaseTimings(LeaseTimings leaseTimings) {
            this.leaseTimings = leaseTimings;
            return this;
        }

        Builder account(MailAddress account) {
            this.account = account;
            return this;
        }

        Builder operators(ImmutableList<MailAddress> operators) {
            this.operators = operators;
            return this;
        }

        Builder roster(Roster roster) {
            this.roster = roster;
            return this;
        }

        Builder repositoryUrl(MailRepositoryUrl repositoryUrl) {
            this.repositoryUrl = repositoryUrl;
            return this;
        }

        Builder busyWhen(BusyWhen busyWhen) {
            this.busyWhen = busyWhen;
            return this;
        }

        Builder mailbox(String mailbox) {
            this.mailbox = mailbox;
            return this;
        }

        Builder reconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
            return this;
        }

        Builder stuckRepositoryUrl(MailRepositoryUrl stuckRepositoryUrl) {
            this.stuckRepositoryUrl = stuckRepositoryUrl;
            return this;
        }

        Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        Builder sticky(boolean sticky) {
            this.sticky = sticky;
            return this;
        }

        Builder stickyMemory(int stickyMemory) {
            this.stickyMemory = stickyMemory;
            return this;
        }

        Builder stickyExtra(int stickyExtra) {
            this.stickyExtra = stickyExtra;
            return this;
        }

        Builder maxParked(Optional<Integer> maxParked) {
            this.maxParked = maxParked;
            return this;
        }

        Builder overflowProcessor(String overflowProcessor) {
            this.overflowProcessor = overflowProcessor;
            return this;
        }

        Builder reclaim(ReclaimPolicy reclaim) {
            this.reclaim = reclaim;
            return this;
        }

        Builder defaultCapacity(int defaultCapacity) {
            this.defaultCapacity = defaultCapacity;
            return this;
        }

        Builder defaultReclaimAfter(Optional<Duration> defaultReclaimAfter) {
            this.defaultReclaimAfter = defaultReclaimAfter;
            return this;
        }

        Builder reclaimAtShiftEnd(boolean reclaimAtShiftEnd) {
            this.reclaimAtShiftEnd = reclaimAtShiftEnd;
            return this;
        }

        Builder serviceLevelTarget(Duration serviceLevelTarget) {
            this.serviceLevelTarget = serviceLevelTarget;
            return this;
        }

        PlexConfiguration build() {
            return new PlexConfiguration(this);
        }
    }

    /**
     * @param names the names of the parameters the element has ({@code getInitParameterNames})
     * @param parameters the mailet's init parameters ({@code getInitParameter})
     */
    public static PlexConfiguration parse(Collection<String> names, Function<String, String> parameters) throws MessagingException {
        ConfigurationErrors.requireKnown(names, PARAMETERS, ConfigurationErrors.IGNORED_BY_JAMES);
        MailAddress account = address(ACCOUNT, required(parameters, ACCOUNT));
        Optional<String> capacityValue = optional(parameters, CAPACITY);
        int defaultCapacity = capacityValue.isPresent() ? positive(CAPACITY, capacityValue.get()) : DEFAULT_CAPACITY;

        Optional<String> reclaimValue = optional(parameters, RECLAIM_AFTER);
        Optional<Duration> defaultReclaimAfter = reclaimValue.isPresent() ? reclaimAfter(RECLAIM_AFTER, "", reclaimValue.get())
            : Optional.empty();

        ImmutableList.Builder<MailAddress> operators = ImmutableList.builder();
        Map<String, Integer> capacities = new LinkedHashMap<>();
        ImmutableMap.Builder<String, Duration> reclaimAfter = ImmutableMap.builder();
        Set<MailAddress> seen = new HashSet<>();
        List<String> entries = Splitter.on(',').trimResults().splitToList(required(parameters, OPERATORS));
        for (String entry : entries) {
            if (entry.isEmpty()) {
                throw ConfigurationErrors.parameter(OPERATORS, "has an empty entry in '" + parameters.apply(OPERATORS).trim() + "'");
            }
            // address[:capacity[:reclaimAfter]]; the fields start at the first colon after the domain's '@'
            int colon = entry.indexOf(':', Math.max(0, entry.lastIndexOf('@')));
            String addressPart = colon < 0 ? entry : entry.substring(0, colon).trim();
            List<String> fields = colon < 0 ? List.of() : Splitter.on(':').trimResults().splitToList(entry.substring(colon + 1));
            if (fields.size() > 2) {
                throw ConfigurationErrors.parameter(OPERATORS, "entry '" + entry + "' has more than address:capacity:reclaimAfter");
            }
            int capacity = fields.isEmpty() || (fields.size() == 2 && fields.get(0).isEmpty())
                ? defaultCapacity : positive(OPERATORS, fields.get(0));
            Optional<Duration> operatorReclaimAfter = fields.size() == 2
                ? reclaimAfter(OPERATORS, "reclaimAfter of " + addressPart + " ", fields.get(1))
                : defaultReclaimAfter;
            MailAddress operator = address(OPERATORS, addressPart);
            if (operator.equals(account)) {
                throw ConfigurationErrors.parameter(OPERATORS, "lists the plex account " + account.asString() + " itself: it would deliver to its own queue");
            }
            if (!seen.add(operator)) {
                throw ConfigurationErrors.parameter(OPERATORS, "lists " + operator.asString() + " twice");
            }
            operators.add(operator);
            capacities.put(operator.asString(), capacity);
            operatorReclaimAfter.ifPresent(after -> reclaimAfter.put(operator.asString(), after));
        }
        ImmutableList<MailAddress> operatorList = operators.build();
        ImmutableMap<String, Duration> reclaimAfterByOperator = reclaimAfter.build();
        Roster local = Roster.of(operatorList.stream().map(MailAddress::asString).collect(ImmutableList.toImmutableList()), capacities,
            reclaimAfterByOperator);
        Map<String, MailboxSpec> elsewhere = operatorMailboxes(optional(parameters, OPERATOR_MAILBOXES), operatorList);
        Roster roster = Roster.of(local.entries().stream()
            .map(entry -> entry.withMailbox(Optional.ofNullable(elsewhere.get(entry.operator()))))
            .collect(ImmutableList.toImmutableList()));

        MailRepositoryUrl repositoryUrl = repositoryUrl(REPOSITORY_PATH, required(parameters, REPOSITORY_PATH));
        Optional<String> stuckValue = optional(parameters, STUCK_REPOSITORY_PATH);
        MailRepositoryUrl stuckRepositoryUrl = stuckValue.isPresent()
            ? repositoryUrl(STUCK_REPOSITORY_PATH, stuckValue.get())
            : stuckBeside(repositoryUrl);
        if (stuckRepositoryUrl.equals(repositoryUrl)) {
            throw ConfigurationErrors.parameter(STUCK_REPOSITORY_PATH, "must differ from " + REPOSITORY_PATH + " " + repositoryUrl.asString());
        }
        Optional<String> busyWhenValue = optional(parameters, BUSY_WHEN);
        BusyWhen busyWhen = BusyWhen.MESSAGES;
        if (busyWhenValue.isPresent()) {
            busyWhen = BusyWhen.parse(busyWhenValue.get())
                .orElseThrow(() -> ConfigurationErrors.parameter(BUSY_WHEN, "must be one of " + BusyWhen.allowedValues() + ", got '" + busyWhenValue.get() + "'"));
        }
        String mailbox = optional(parameters, MAILBOX).orElse(DEFAULT_MAILBOX);
        Optional<String> intervalValue = optional(parameters, RECONCILE_INTERVAL);
        Duration reconcileInterval = intervalValue.isPresent()
            ? duration(RECONCILE_INTERVAL, intervalValue.get(), MIN_RECONCILE_INTERVAL)
            : DEFAULT_RECONCILE_INTERVAL;
        Optional<String> timeoutValue = optional(parameters, CALL_TIMEOUT);
        Duration callTimeout = timeoutValue.isPresent() ? duration(CALL_TIMEOUT, timeoutValue.get(), MIN_CALL_TIMEOUT) : DEFAULT_CALL_TIMEOUT;
        boolean sticky = bool(parameters, STICKY);
        Optional<String> stickyMemoryValue = optional(parameters, STICKY_MEMORY);
        int stickyMemory = stickyMemoryValue.isPresent() ? atLeastOne(STICKY_MEMORY, "", stickyMemoryValue.get()) : DEFAULT_STICKY_MEMORY;
        Optional<String> stickyExtraValue = optional(parameters, STICKY_EXTRA);
        int stickyExtra = stickyExtraValue.isPresent() ? atLeastZero(STICKY_EXTRA, stickyExtraValue.get()) : PlexScheduler.DEFAULT_STICKY_EXTRA;
        Optional<String> maxParkedValue = optional(parameters, MAX_PARKED);
        Optional<String> overflowValue = optional(parameters, OVERFLOW_PROCESSOR);
        if (maxParkedValue.isEmpty() && overflowValue.isPresent()) {
            throw ConfigurationErrors.parameter(OVERFLOW_PROCESSOR, "'" + overflowValue.get() + "' has no effect without " + MAX_PARKED
                + ": set " + MAX_PARKED + " too, or remove it");
        }
        Optional<Integer> maxParked = maxParkedValue.isPresent()
            ? Optional.of(atLeastOne(MAX_PARKED, "", maxParkedValue.get()))
            : Optional.empty();
        Optional<String> maxReclaimsValue = optional(parameters, MAX_RECLAIMS);
        int maxReclaims = maxReclaimsValue.isPresent() ? atLeastOne(MAX_RECLAIMS, "", maxReclaimsValue.get())
            : ReclaimPolicy.DEFAULT_MAX_RECLAIMS;
        Optional<String> atShiftEndValue = optional(parameters, RECLAIM_AT_SHIFT_END);
        boolean reclaimAtShiftEnd = atShiftEndValue.isEmpty() || bool(parameters, RECLAIM_AT_SHIFT_END);
        Optional<String> targetValue = optional(parameters, SERVICE_LEVEL_TARGET);
        Duration serviceLevelTarget = targetValue.isPresent()
            ? duration(SERVICE_LEVEL_TARGET, targetValue.get(), MIN_SERVICE_LEVEL_TARGET)
            : DEFAULT_SERVICE_LEVEL_TARGET;
        return builder()
            .account(account).operators(operatorList).roster(roster).repositoryUrl(repositoryUrl).stuckRepositoryUrl(stuckRepositoryUrl)
            .busyWhen(busyWhen).mailbox(mailbox).reconcileInterval(reconcileInterval).callTimeout(callTimeout)
            .sticky(sticky).stickyMemory(stickyMemory).stickyExtra(stickyExtra).maxParked(maxParked)
            .overflowProcessor(overflowValue.orElse(DEFAULT_OVERFLOW_PROCESSOR)).reclaim(new ReclaimPolicy(reclaimAfterByOperator, maxReclaims))
            .defaultCapacity(defaultCapacity).defaultReclaimAfter(defaultReclaimAfter).reclaimAtShiftEnd(reclaimAtShiftEnd)
            .serviceLevelTarget(serviceLevelTarget).leaseTimings(leaseTimings(parameters))
            .build();
    }

    /** The lease's timings (several nodes only); each checked on its own, then together, naming the parameter at fault. */
    private static LeaseTimings leaseTimings(Function<String, String> parameters) throws MessagingException {
        LeaseTimings defaults = LeaseTimings.DEFAULT;
        Optional<String> ttlValue = optional(parameters, LEASE_TTL);
        Duration ttl = ttlValue.isPresent() ? duration(LEASE_TTL, ttlValue.get(), Duration.ofSeconds(1)) : defaults.ttl();
        if (ttl.toMillis() % 1000 != 0) {
            throw ConfigurationErrors.parameter(LEASE_TTL, "must be whole seconds (the lease store's TTL), got '" + ttlValue.orElse("") + "'");
        }
        Optional<String> renewValue = optional(parameters, LEASE_RENEW_EVERY);
        Duration renewEvery = renewValue.isPresent() ? duration(LEASE_RENEW_EVERY, renewValue.get(), MIN_RECONCILE_INTERVAL)
            : defaults.renewEvery();
        Optional<String> marginValue = optional(parameters, LEASE_MARGIN);
        Duration margin = marginValue.isPresent() ? duration(LEASE_MARGIN, marginValue.get(), Duration.ZERO) : defaults.margin();
        if (renewEvery.plus(margin).compareTo(ttl) >= 0) {
            String fault = renewValue.isPresent() ? LEASE_RENEW_EVERY : marginValue.isPresent() ? LEASE_MARGIN : LEASE_TTL;
            throw ConfigurationErrors.parameter(fault, LEASE_RENEW_EVERY + " (" + renewEvery.toMillis() + "ms) plus " + LEASE_MARGIN + " ("
                + margin.toMillis() + "ms) must be shorter than " + LEASE_TTL + " (" + ttl.toMillis() + "ms): a holder must renew "
                + "before it stops trusting its lease");
        }
        return new LeaseTimings(ttl, renewEvery, margin);
    }

    /**
     * This configuration with another roster (the one an admin set over webadmin), in its order.
     * Fails, naming {@code operators}, when an entry is no mail address or is the plex itself.
     */
    public PlexConfiguration withRoster(List<RosterEntry> entries) throws MessagingException {
        ImmutableList.Builder<MailAddress> addresses = ImmutableList.builder();
        ImmutableMap.Builder<String, Duration> reclaimAfter = ImmutableMap.builder();
        for (RosterEntry entry : entries) {
            MailAddress operator = address(OPERATORS, entry.operator());
            if (operator.equals(account)) {
                throw ConfigurationErrors.parameter(OPERATORS, "lists the plex account " + account.asString() + " itself: it would deliver to its own queue");
            }
            addresses.add(operator);
            entry.reclaimAfter().ifPresent(after -> reclaimAfter.put(entry.operator(), after));
        }
        Roster changed;
        try {
            changed = Roster.of(entries);
        } catch (IllegalArgumentException e) {
            throw ConfigurationErrors.parameter(OPERATORS, e.getMessage());
        }
        return toBuilder().operators(addresses.build()).roster(changed)
            .reclaim(new ReclaimPolicy(reclaimAfter.build(), reclaim.maxReclaims()))
            .build();
    }

    /**
     * The {@value #OPERATOR_MAILBOXES} parameter: {@code address kind name=value ...} per operator,
     * entries separated by {@code ;}. Each address is on {@code operators}; a password is never
     * written here ({@code passwordFile} names a file only James can read).
     */
    private static Map<String, MailboxSpec> operatorMailboxes(Optional<String> value, List<MailAddress> operators)
        throws MessagingException {
        Map<String, MailboxSpec> specs = new LinkedHashMap<>();
        if (value.isEmpty()) {
            return specs;
        }
        for (String entry : Splitter.on(';').trimResults().omitEmptyStrings().split(value.get())) {
            List<String> words = Splitter.onPattern("\\s+").omitEmptyStrings().splitToList(entry);
            if (words.size() < 2) {
                throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "entry '" + entry + "' needs an operator address and a mailbox kind, "
                    + "such as 'dave@partner.org imap url=imaps://imap.partner.org/INBOX login=dave passwordFile=/etc/james/dave.password'");
            }
            MailAddress operator = address(OPERATOR_MAILBOXES, words.get(0));
            if (!operators.contains(operator)) {
                throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "names " + operator.asString() + ", who is not among the "
                    + OPERATORS);
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (String word : words.subList(2, words.size())) {
                int equals = word.indexOf('=');
                if (equals <= 0) {
                    throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "entry of " + operator.asString() + ": '" + word
                        + "' is not name=value");
                }
                String name = word.substring(0, equals);
                if (MailboxSpec.isSecret(name)) {
                    throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "entry of " + operator.asString() + ": no " + name
                        + " in mailetcontainer.xml; name a file only James can read with passwordFile=, or set it over webadmin");
                }
                if (settings.put(name, word.substring(equals + 1)) != null) {
                    throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "entry of " + operator.asString() + " sets " + name + " twice");
                }
            }
            try {
                if (specs.put(operator.asString(), new MailboxSpec(words.get(1), settings)) != null) {
                    throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "lists " + operator.asString() + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw ConfigurationErrors.parameter(OPERATOR_MAILBOXES, "entry of " + operator.asString() + ": " + e.getMessage());
            }
        }
        return specs;
    }

    /** A reclaimAfter value as the {@code operators} parameter takes it: a duration such as 30m, or {@value #OFF}. */
    public static Optional<Duration> parseReclaimAfter(String value) {
        try {
            return reclaimAfter(RECLAIM_AFTER, "", value);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("reclaimAfter " + e.getMessage().replaceFirst("^.*?" + RECLAIM_AFTER + "'? ?", ""), e);
        }
    }

    private static String required(Function<String, String> parameters, String name) throws MessagingException {
        return optional(parameters, name).orElseThrow(() -> ConfigurationErrors.parameter(name, "is required"));
    }

    private static Optional<String> optional(Function<String, String> parameters, String name) {
        return Optional.ofNullable(parameters.apply(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    private static MailAddress address(String parameter, String value) throws MessagingException {
        try {
            MailAddress address = new MailAddress(Addresses.canonical(value));
            if (address.isNullSender()) {
                throw ConfigurationErrors.parameter(parameter, "'" + value + "' is not a valid mail address");
            }
            return address;
        } catch (AddressException e) {
            throw ConfigurationErrors.parameter(parameter, "'" + value + "' is not a valid mail address: " + e.getMessage());
        }
    }

    private static int positive(String parameter, String value) throws MessagingException {
        return atLeastOne(parameter, "capacity ", value);
    }

    private static boolean bool(Function<String, String> parameters, String name) throws MessagingException {
        Optional<String> value = optional(parameters, name);
        if (value.isEmpty()) {
            return false;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw ConfigurationErrors.parameter(name, "must be true or false, got '" + value.get() + "'");
    }

    private static int atLeastZero(String parameter, String value) throws MessagingException {
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0) {
                throw ConfigurationErrors.parameter(parameter, "must be 0 or more, got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ConfigurationErrors.parameter(parameter, "must be a whole number, got '" + value.trim() + "'");
        }
    }

    /** {@code what} prefixes the problem, e.g. "capacity " inside the operators list. */
    private static int atLeastOne(String parameter, String what, String value) throws MessagingException {
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 1) {
                throw ConfigurationErrors.parameter(parameter, what + "must be at least 1, got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ConfigurationErrors.parameter(parameter, what + "must be a whole number, got '" + value.trim() + "'");
        }
    }

    private static MailRepositoryUrl repositoryUrl(String parameter, String value) throws MessagingException {
        if (!value.contains("://")) {
            throw ConfigurationErrors.parameter(parameter, "must be a repository URL such as file://var/mail/mailplex/help/, got '" + value + "'");
        }
        try {
            return MailRepositoryUrl.from(value);
        } catch (RuntimeException e) {
            throw ConfigurationErrors.parameter(parameter, "'" + value + "' is not a repository URL: " + e.getMessage());
        }
    }

    /** {@code file://var/mail/mailplex/help/} keeps its stuck mails in {@code file://var/mail/mailplex/help-stuck/}. */
    private static MailRepositoryUrl stuckBeside(MailRepositoryUrl queue) {
        String url = queue.asString();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return MailRepositoryUrl.from(base + "-stuck/");
    }

    /** A reclaimAfter value: a duration of at least {@link ReclaimPolicy#MIN_RECLAIM_AFTER}, or {@value #OFF}. */
    private static Optional<Duration> reclaimAfter(String parameter, String what, String value) throws MessagingException {
        if (value.trim().equalsIgnoreCase(OFF)) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = DurationParser.parse(value.trim());
        } catch (RuntimeException e) {
            throw ConfigurationErrors.parameter(parameter, what + "must be a duration such as 30m, or " + OFF + ", got '" + value.trim() + "'");
        }
        if (duration.compareTo(ReclaimPolicy.MIN_RECLAIM_AFTER) < 0) {
            throw ConfigurationErrors.parameter(parameter, what + "must be at least " + ReclaimPolicy.MIN_RECLAIM_AFTER.toSeconds()
                + "s, got '" + value.trim() + "'");
        }
        return Optional.of(duration);
    }

    private static Duration duration(String parameter, String value, Duration minimum) throws MessagingException {
        Duration duration;
        try {
            duration = DurationParser.parse(value);
        } catch (RuntimeException e) {
            throw ConfigurationErrors.parameter(parameter, "must be a duration such as 5s or 500ms, got '" + value + "'");
        }
        if (duration.compareTo(minimum) < 0) {
            throw ConfigurationErrors.parameter(parameter, "must be at least " + minimum.toMillis() + "ms, got '" + value + "'");
        }
        return duration;
    }

    public MailAddress account() {
        return account;
    }

    public ImmutableList<MailAddress> operators() {
        return operators;
    }

    /** The roster's own entry for {@code address}, compared as James compares addresses (whatever their case). */
    public Optional<MailAddress> operator(MailAddress address) {
        return operators.stream().filter(address::equals).findFirst();
    }

    public Roster roster() {
        return roster;
    }

    public MailRepositoryUrl repositoryUrl() {
        return repositoryUrl;
    }

    public BusyWhen busyWhen() {
        return busyWhen;
    }

    public String mailbox() {
        return mailbox;
    }

    /** The lease's TTL, renewal period and safety margin, used when the plex runs on several nodes. */
    public LeaseTimings leaseTimings() {
        return leaseTimings;
    }

    public Duration reconcileInterval() {
        return reconcileInterval;
    }

    /** Where mails no operator could take are set aside for an admin. */
    public MailRepositoryUrl stuckRepositoryUrl() {
        return stuckRepositoryUrl;
    }

    /** The longest a mailbox or repository call of the release loop may take before the loop moves on. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Whether follow-ups go back to the operator who handles their conversation. */
    public boolean sticky() {
        return sticky;
    }

    /** How many conversations sticky routing remembers. */
    public int stickyMemory() {
        return stickyMemory;
    }

    /** How many mails beyond their capacity an operator may hold through follow-ups of their conversations. */
    public int stickyExtra() {
        return stickyExtra;
    }

    /** The most mails this plex keeps parked; absent means no limit. */
    public Optional<Integer> maxParked() {
        return maxParked;
    }

    /** The processor that gets the plex's copy of a mail arriving when {@link #maxParked()} are parked. */
    public String overflowProcessor() {
        return overflowProcessor;
    }

    /** When this plex takes back mail its operators never opened. */
    public ReclaimPolicy reclaim() {
        return reclaim;
    }

    /** The wait within which a released mail counts for the service level ({@code serviceLevelTarget}, default 5 minutes). */
    public Duration serviceLevelTarget() {
        return serviceLevelTarget;
    }

    /** The {@code capacity} parameter: what an operator added without one gets. */
    public int defaultCapacity() {
        return defaultCapacity;
    }

    /** The {@code reclaimAfter} parameter: what an operator added without one gets; empty: off. */
    public Optional<Duration> defaultReclaimAfter() {
        return defaultReclaimAfter;
    }

    /** Whether an operator's unopened mail goes back to the queue when her shift ends or an absence starts (on unless set false). */
    public boolean reclaimAtShiftEnd() {
        return reclaimAtShiftEnd;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof PlexConfiguration) {
            PlexConfiguration that = (PlexConfiguration) o;
            return account.equals(that.account) && roster.equals(that.roster) && repositoryUrl.equals(that.repositoryUrl)
                && stuckRepositoryUrl.equals(that.stuckRepositoryUrl) && callTimeout.equals(that.callTimeout)
                && busyWhen == that.busyWhen && mailbox.equals(that.mailbox) && reconcileInterval.equals(that.reconcileInterval)
                && sticky == that.sticky && stickyMemory == that.stickyMemory && stickyExtra == that.stickyExtra
                && maxParked.equals(that.maxParked) && overflowProcessor.equals(that.overflowProcessor)
                && reclaim.equals(that.reclaim) && defaultCapacity == that.defaultCapacity
                && defaultReclaimAfter.equals(that.defaultReclaimAfter) && reclaimAtShiftEnd == that.reclaimAtShiftEnd
                && serviceLevelTarget.equals(that.serviceLevelTarget) && leaseTimings.equals(that.leaseTimings);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, roster, repositoryUrl, stuckRepositoryUrl, busyWhen, mailbox, reconcileInterval, callTimeout,
            sticky, stickyMemory, stickyExtra, maxParked, overflowProcessor, reclaim, defaultCapacity, defaultReclaimAfter, reclaimAtShiftEnd,
            serviceLevelTarget, leaseTimings);
    }

    @Override
    public String toString() {
        return "plex " + account.asString() + " roster=" + roster + " queue=" + repositoryUrl.asString()
            + " stuck=" + stuckRepositoryUrl.asString() + " callTimeout=" + callTimeout
            + " busyWhen=" + busyWhen.asString() + " mailbox=" + mailbox + " reconcile=" + reconcileInterval + " sticky=" + sticky
            + (sticky ? " stickyExtra=" + stickyExtra : "")
            + maxParked.map(max -> " maxParked=" + max + " overflowProcessor=" + overflowProcessor).orElse("")
            + " " + reclaim + (reclaimAtShiftEnd ? "" : " reclaimAtShiftEnd=false") + " serviceLevelTarget=" + serviceLevelTarget;
    }
}
