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
import static org.mailplex.webadmin.RouteErrors.address;
import static org.mailplex.webadmin.RouteErrors.badRequest;
import static org.mailplex.webadmin.RouteErrors.mapped;
import static org.mailplex.webadmin.RouteErrors.noContent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.admin.PlexReports;
import org.mailplex.core.DayReport;
import org.mailplex.core.OperatorState;
import org.mailplex.core.QueueKeys;
import org.mailplex.core.Roster;
import org.mailplex.core.RosterEntry;
import org.mailplex.plex.OperatorCalendars;
import org.mailplex.plex.Plex;
import org.mailplex.queue.ParkedMail;
import org.mailplex.state.PlexState;
import org.mailplex.webadmin.dto.AssignmentDto;
import org.mailplex.webadmin.dto.LastDayDto;
import org.mailplex.webadmin.dto.LeaseDto;
import org.mailplex.webadmin.dto.OperatorCountsDto;
import org.mailplex.webadmin.dto.OperatorDto;
import org.mailplex.webadmin.dto.ParkedMailDto;
import org.mailplex.webadmin.dto.PlexDto;
import org.mailplex.webadmin.dto.PlexStatsDto;
import org.mailplex.webadmin.dto.PlexSummaryDto;
import org.mailplex.webadmin.dto.ReleaseDto;
import org.mailplex.webadmin.dto.ServiceLevelDto;
import org.mailplex.webadmin.dto.WaitedDto;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * MailPlex administration under {@code /mailplex}, JSON in and out, errors in James's format.
 * List it in {@code webadmin.properties}: {@code extensions.routes=org.mailplex.webadmin.MailPlexRoutes}.
 * Handlers parse, call {@link MailPlexAdministration} and map its errors; nothing more.
 *
 * <pre>
 * GET    /mailplex                                          every plex: queue depth, oldest wait, operators free/busy/paused, lease holder
 * GET    /mailplex/{plex}                                   the roster, one entry per operator
 * GET    /mailplex/{plex}/queue?offset=&amp;limit=              parked mails, oldest first (limit 100 by default, 1000 at most)
 * GET    /mailplex/{plex}/queue/{key}                       one parked mail
 * DELETE /mailplex/{plex}/queue/{key}                       takes a parked mail out of the queue
 * POST   /mailplex/{plex}/queue/{key}?action=assign&amp;operator=  hands it to that operator now
 * GET    /mailplex/{plex}/operators/{operator}              one operator
 * PUT    /mailplex/{plex}/operators/{operator}/paused       pauses (kept across restarts)
 * DELETE /mailplex/{plex}/operators/{operator}/paused       resumes
 * GET    /mailplex/{plex}/stats                             dispatched, time waited p50/p95/max, per operator; the last
 *                                                           24 hours' service level, fairness, waits and releases per hour
 * GET    /mailplex/{plex}/releases                          the latest releases since start (at most 10,000), in release order
 * GET    /mailplex/{plex}/stuck?offset=&amp;limit=              mails no operator could take, set aside
 * POST   /mailplex/{plex}/stuck/{key}?action=retry          puts one back into the queue at its place
 * POST   /mailplex/{plex}/stuck/{key}?action=assign&amp;operator=  puts it back and hands it to that operator now
 * DELETE /mailplex/{plex}/stuck/{key}                       deletes it
 * </pre>
 *
 * <p>One class for every endpoint under the one base path, as James's own routes are: an admin
 * lists one class in {@code extensions.routes}, and each handler is a few lines.</p>
 */
public class MailPlexRoutes implements Routes {
    public static final String BASE_PATH = "/mailplex";
    /** Where an admin action that outlasted its wait shows when it is done. */
    private static final String FOLLOW = BASE_PATH + "/{plex}/releases or /queue";
    private static final String PLEX_PARAM = ":plex";
    private static final String KEY_PARAM = ":key";
    private static final String OPERATOR_PARAM = ":operator";
    public static final String PLEX_PATH = BASE_PATH + "/" + PLEX_PARAM;
    public static final String QUEUE_PATH = PLEX_PATH + "/queue";
    public static final String PARKED_MAIL_PATH = QUEUE_PATH + "/" + KEY_PARAM;
    public static final String OPERATOR_PATH = PLEX_PATH + "/operators/" + OPERATOR_PARAM;
    public static final String PAUSED_PATH = OPERATOR_PATH + "/paused";
    public static final String STATS_PATH = PLEX_PATH + "/stats";
    public static final String RELEASES_PATH = PLEX_PATH + "/releases";
    public static final String STUCK_PATH = PLEX_PATH + "/stuck";
    public static final String STUCK_MAIL_PATH = STUCK_PATH + "/" + KEY_PARAM;

    static final String ACTION = "action";
    static final String ASSIGN = "assign";
    static final String RETRY = "retry";
    static final String OPERATOR = "operator";
    static final String OFFSET = "offset";
    static final String LIMIT = "limit";
    /** Page size of the queue listing when none is asked for, and the largest one allowed. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final MailPlexAdministration administration;
    private final Clock clock;
    private final JsonTransformer jsonTransformer;
    private final PlexReports reports;

    @Inject
    public MailPlexRoutes(MailPlexAdministration administration, Clock clock, JsonTransformer jsonTransformer) {
        this.administration = administration;
        this.clock = clock;
        this.jsonTransformer = jsonTransformer;
        this.reports = new PlexReports(clock, administration);
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, mapped(this::listPlexes, FOLLOW), jsonTransformer);
        service.get(PLEX_PATH, mapped(this::getPlex, FOLLOW), jsonTransformer);
        service.get(QUEUE_PATH, mapped(this::listParked, FOLLOW), jsonTransformer);
        service.get(PARKED_MAIL_PATH, mapped(this::getParked, FOLLOW), jsonTransformer);
        service.delete(PARKED_MAIL_PATH, mapped(this::deleteParked, FOLLOW));
        service.post(PARKED_MAIL_PATH, mapped(this::actOnParked, FOLLOW), jsonTransformer);
        service.get(OPERATOR_PATH, mapped(this::getOperator, FOLLOW), jsonTransformer);
        service.put(PAUSED_PATH, mapped(this::pause, FOLLOW));
        service.delete(PAUSED_PATH, mapped(this::resume, FOLLOW));
        service.get(STATS_PATH, mapped(this::stats, FOLLOW), jsonTransformer);
        service.get(RELEASES_PATH, mapped(this::releases, FOLLOW), jsonTransformer);
        service.get(STUCK_PATH, mapped(this::listStuck, FOLLOW), jsonTransformer);
        service.post(STUCK_MAIL_PATH, mapped(this::actOnStuck, FOLLOW), jsonTransformer);
        service.delete(STUCK_MAIL_PATH, mapped(this::deleteStuck, FOLLOW));
    }

    private List<PlexSummaryDto> listPlexes(Request request, Response response) {
        return administration.plexes().stream()
            .map(plex -> summary(plex).lease(LeaseDto.of(administration.lease(plex))))
            .collect(Collectors.toList());
    }

    private PlexSummaryDto summary(Plex plex) {
        List<OperatorState> operators = plex.operatorStates();
        Optional<Instant> oldest = oldestParkedAt(plex);
        return new PlexSummaryDto(plex.name(), plex.queueDepth(), oldest, oldest.map(this::waitedMillis),
            new OperatorCountsDto(count(operators, OperatorDto.FREE), count(operators, OperatorDto.BUSY),
                count(operators, OperatorDto.PAUSED), count(operators, OperatorDto.AWAY)));
    }

    private static long count(List<OperatorState> operators, String status) {
        return operators.stream().filter(operator -> OperatorDto.status(operator).equals(status)).count();
    }

    private PlexDto getPlex(Request request, Response response) {
        Plex plex = plex(request);
        PlexState state = administration.state(plex);
        return new PlexDto(plex.name(), plex.queueDepth(), oldestParkedAt(plex), plex.configuration().mailbox(),
            plex.configuration().busyWhen().asString(),
            plex.operatorStates().stream()
                .map(operator -> operatorDto(plex, operator, state))
                .collect(Collectors.toList()),
            plex.deliveredNotRemoved().stream().map(ReleaseDto::from).collect(Collectors.toList()))
            .roster(administration.rosters().source(plex).asString(), configuredIfDifferent(plex));
    }

    private Optional<List<String>> configuredIfDifferent(Plex plex) {
        Roster configured = administration.rosters().configured(plex);
        return configured.equals(plex.roster()) ? Optional.empty() : Optional.of(configured.entries().stream()
            .map(entry -> entry.operator() + ":" + entry.capacity() + entry.reclaimAfter().map(after -> ":" + after).orElse(""))
            .collect(Collectors.toList()));
    }

    private List<ParkedMailDto> listParked(Request request, Response response) throws MessagingException {
        long offset = number(request, OFFSET, 0, Long.MAX_VALUE, 0);
        int limit = (int) number(request, LIMIT, 1, MAX_LIMIT, DEFAULT_LIMIT);
        Plex plex = plex(request);
        return administration.parked(plex, offset, limit).stream()
            .map(this::dto)
            .collect(Collectors.toList());
    }

    private ParkedMailDto getParked(Request request, Response response) throws MessagingException {
        String key = key(request);
        return dto(administration.parked(plex(request), key));
    }

    private String deleteParked(Request request, Response response) {
        String key = key(request);
        administration.delete(plex(request), key);
        return noContent(response);
    }

    private AssignmentDto actOnParked(Request request, Response response) {
        action(request, ASSIGN);
        String key = key(request);
        Plex plex = plex(request);
        String operator = operator(request, plex);
        return assigned(response, key, operator, administration.assign(plex, key, operator));
    }

    private List<ParkedMailDto> listStuck(Request request, Response response) throws MessagingException {
        long offset = number(request, OFFSET, 0, Long.MAX_VALUE, 0);
        int limit = (int) number(request, LIMIT, 1, MAX_LIMIT, DEFAULT_LIMIT);
        return administration.stuck(plex(request), offset, limit).stream()
            .map(this::dto)
            .collect(Collectors.toList());
    }

    private Object actOnStuck(Request request, Response response) {
        String action = action(request, RETRY, ASSIGN);
        String key = key(request);
        Plex plex = plex(request);
        if (action.equals(RETRY)) {
            administration.retryStuck(plex, key);
            return noContent(response);
        }
        String operator = operator(request, plex);
        return assigned(response, key, operator, administration.assignStuck(plex, key, operator));
    }

    private String deleteStuck(Request request, Response response) {
        String key = key(request);
        administration.deleteStuck(plex(request), key);
        return noContent(response);
    }

    /** 200 once delivered; 202 when the delivery is still under way after the call timeout (it finishes on its own). */
    private static AssignmentDto assigned(Response response, String key, String operator, boolean delivered) {
        if (!delivered) {
            response.status(ACCEPTED_202);
        }
        return new AssignmentDto(key, operator);
    }

    private static String action(Request request, String... supported) {
        String action = Optional.ofNullable(request.queryParams(ACTION)).orElse("");
        if (!List.of(supported).contains(action)) {
            throw badRequest("Invalid '" + ACTION + "' query parameter: '" + action + "'; supported: " + String.join(", ", supported));
        }
        return action;
    }

    /** The roster's spelling of the {@code operator} query parameter. */
    private String operator(Request request, Plex plex) {
        MailAddress address = address(Optional.ofNullable(request.queryParams(OPERATOR))
            .filter(value -> !value.isBlank())
            .orElseThrow(() -> badRequest("'" + OPERATOR + "' query parameter is mandatory")), "operator");
        return administration.operator(plex, address);
    }

    private OperatorDto getOperator(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        Plex plex = plex(request);
        String operator = administration.operator(plex, address);
        return operatorDto(plex, plex.operatorState(operator), administration.state(plex));
    }

    private OperatorDto operatorDto(Plex plex, OperatorState operator, PlexState state) {
        OperatorCalendars calendars = administration.rosters().calendars();
        return OperatorDto.from(operator, state.dispatched(operator.name()), administration.awaySince(operator.name()),
            state.reclaimed(operator.name()), calendars.duty(operator.name()), calendars.back(operator.name()),
            plex.roster().reclaimAfter(operator.name()))
            .elsewhere(plex.roster().entry(operator.name()).flatMap(RosterEntry::mailbox), plex.mailboxProblem(operator.name()));
    }

    private String pause(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        Plex plex = plex(request);
        administration.pause(plex, administration.operator(plex, address));
        return noContent(response);
    }

    private String resume(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        Plex plex = plex(request);
        administration.resume(plex, administration.operator(plex, address));
        return noContent(response);
    }

    private PlexStatsDto stats(Request request, Response response) {
        Plex plex = plex(request);
        PlexState state = administration.state(plex);
        List<PlexStatsDto.OperatorStatsDto> operators = plex.roster().operators().stream()
            .map(operator -> new PlexStatsDto.OperatorStatsDto(operator, state.dispatched(operator), state.reclaimed(operator),
                WaitedDto.from(administration.waits(plex, operator))))
            .collect(Collectors.toList());
        long dispatched = operators.stream().mapToLong(PlexStatsDto.OperatorStatsDto::getDispatched).sum();
        DayReport lastDay = reports.lastDay(plex);
        return new PlexStatsDto(plex.name(), dispatched, WaitedDto.from(administration.waits(plex)), operators,
            ServiceLevelDto.from(lastDay.serviceLevel()), lastDay.fairness(), LastDayDto.from(lastDay));
    }

    private List<ReleaseDto> releases(Request request, Response response) {
        return plex(request).recentReleases().stream()
            .map(ReleaseDto::from)
            .collect(Collectors.toList());
    }

    private ParkedMailDto dto(ParkedMail mail) {
        List<String> reclaimedFrom = mail.reclaimedFrom();
        List<ParkedMailDto.ReclaimDto> reclaims = new ArrayList<>();
        for (int index = 0; index < reclaimedFrom.size(); index++) {
            reclaims.add(new ParkedMailDto.ReclaimDto(reclaimedFrom.get(index), mail.reclaimedAt(index)));
        }
        return new ParkedMailDto(mail.key(), mail.sender(), mail.subject(), mail.size(), mail.parkedAt(),
            waitedMillis(mail.parkedAt()), reclaims, mail.reason());
    }

    private Plex plex(Request request) {
        return administration.plex(address(request.params(PLEX_PARAM), "plex"));
    }

    private static Optional<Instant> oldestParkedAt(Plex plex) {
        return plex.oldestWaitingSince();
    }

    private static String key(Request request) {
        String key = request.params(KEY_PARAM);
        if (!QueueKeys.isKey(key)) {
            throw badRequest("'" + key + "' is not a MailPlex queue key");
        }
        return key;
    }

    private static long number(Request request, String name, long min, long max, long absent) {
        String value = request.queryParams(name);
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw badRequest("Invalid '" + name + "' query parameter: '" + value + "'; expected a whole number from " + min
            + (max == Long.MAX_VALUE ? "" : " to " + max));
    }

    private long waitedMillis(Instant parkedAt) {
        return Math.max(0L, Duration.between(parkedAt, clock.instant()).toMillis());
    }
}
