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

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CREATED_201;
import static org.eclipse.jetty.http.HttpStatus.NO_CONTENT_204;
import static org.mailplex.webadmin.RouteErrors.address;
import static org.mailplex.webadmin.RouteErrors.badRequest;
import static org.mailplex.webadmin.RouteErrors.mapped;
import static org.mailplex.webadmin.RouteErrors.noContent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonExtractException;
import org.apache.james.webadmin.utils.JsonExtractor;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.mailplex.admin.MailPlexAdministration;
import org.mailplex.admin.OperatorAdministration;
import org.mailplex.core.Absence;
import org.mailplex.core.MailboxSpec;
import org.mailplex.core.Schedule;
import org.mailplex.plex.Plex;
import org.mailplex.webadmin.dto.AbsenceDto;
import org.mailplex.webadmin.dto.OperatorSettingsDto;
import org.mailplex.webadmin.dto.ScheduleDto;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The roster, shifts and absences at run time, under {@code /mailplex} (so the JWT filter covers
 * them). List it in {@code webadmin.properties} next to {@link MailPlexRoutes}.
 *
 * <pre>
 * PUT    /mailplex/{plex}/operators/{operator}          adds her (201) or updates her settings (204); body {"capacity", "reclaimAfter", "position",
 *                                                       "mailbox", "deliver"}, all optional (mailbox: "local" or {"url", "login", "password"})
 * DELETE /mailplex/{plex}/operators/{operator}          takes her off the roster (what she holds stays hers)
 * DELETE /mailplex/{plex}/operators                     back to the roster of mailetcontainer.xml
 * PUT    /mailplex/operators/{operator}/schedule        her shifts, every plex: {"zone": "Europe/Prague", "week": {"MONDAY": ["08:00-12:00"]}}
 * GET    /mailplex/operators/{operator}/schedule
 * DELETE /mailplex/operators/{operator}/schedule        no schedule: always on shift
 * POST   /mailplex/operators/{operator}/absences        {"from": ISO date-time with offset, "until": ...}: 201 with its id
 * GET    /mailplex/operators/{operator}/absences
 * DELETE /mailplex/operators/{operator}/absences/{id}   cancels one
 * </pre>
 *
 * <p>Every change is logged at INFO with the JWT subject that made it, when JWT is on.</p>
 */
public class OperatorRoutes implements Routes {
    public static final String BASE_PATH = MailPlexRoutes.BASE_PATH;
    /** Where a roster change that outlasted its wait shows when it is done. */
    private static final String FOLLOW = BASE_PATH + "/{plex}";
    private static final String OPERATOR_PARAM = ":operator";
    private static final String ID_PARAM = ":id";
    private static final String PLEX_PARAM = ":plex";
    public static final String ROSTER_PATH = MailPlexRoutes.PLEX_PATH + "/operators";
    public static final String ROSTER_OPERATOR_PATH = MailPlexRoutes.OPERATOR_PATH;
    public static final String PERSON_PATH = BASE_PATH + "/operators/" + OPERATOR_PARAM;
    public static final String SCHEDULE_PATH = PERSON_PATH + "/schedule";
    public static final String ABSENCES_PATH = PERSON_PATH + "/absences";
    public static final String ABSENCE_PATH = ABSENCES_PATH + "/" + ID_PARAM;
    /** The request attribute James's JWT filter sets to the token's subject. */
    static final String JWT_LOGIN = "LOGIN";

    private final MailPlexAdministration administration;
    private final OperatorAdministration operators;
    private final JsonTransformer jsonTransformer;
    private final JsonExtractor<OperatorSettingsDto> settingsExtractor = new JsonExtractor<>(OperatorSettingsDto.class);
    private final JsonExtractor<ScheduleDto> scheduleExtractor = new JsonExtractor<>(ScheduleDto.class);
    private final JsonExtractor<AbsenceDto> absenceExtractor = new JsonExtractor<>(AbsenceDto.class);

    @Inject
    public OperatorRoutes(MailPlexAdministration administration, OperatorAdministration operators, JsonTransformer jsonTransformer) {
        this.administration = administration;
        this.operators = operators;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.put(ROSTER_OPERATOR_PATH, mapped(this::putOperator, FOLLOW));
        service.delete(ROSTER_OPERATOR_PATH, mapped(this::removeOperator, FOLLOW));
        service.delete(ROSTER_PATH, mapped(this::resetRoster, FOLLOW));
        service.put(SCHEDULE_PATH, mapped(this::putSchedule, FOLLOW));
        service.get(SCHEDULE_PATH, mapped(this::getSchedule, FOLLOW), jsonTransformer);
        service.delete(SCHEDULE_PATH, mapped(this::deleteSchedule, FOLLOW));
        service.post(ABSENCES_PATH, mapped(this::addAbsence, FOLLOW), jsonTransformer);
        service.get(ABSENCES_PATH, mapped(this::listAbsences, FOLLOW), jsonTransformer);
        service.delete(ABSENCE_PATH, mapped(this::cancelAbsence, FOLLOW));
    }

    private String putOperator(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        OperatorSettingsDto settings = body(request, settingsExtractor, new OperatorSettingsDto());
        Plex plex = plex(request);
        boolean added = operators.putOperator(plex, address, new OperatorAdministration.Settings(settings.capacity(), settings.reclaimAfter(),
            settings.position(), mailbox(settings)), who(request));
        response.status(added ? CREATED_201 : NO_CONTENT_204);
        return "";
    }

    /**
     * {@code "mailbox": "local"} (her mailbox in this James), or an object of string fields: {@code
     * kind} (else {@code imap} for an imap:// or imaps:// {@code url}, {@code command} with a {@code
     * command}) and the kind's parameters; {@code "deliver"} goes with it. Absent: unchanged.
     */
    private static Optional<Optional<MailboxSpec>> mailbox(OperatorSettingsDto settings) {
        Object mailbox = settings.mailbox;
        if (mailbox == null) {
            if (settings.deliver != null) {
                throw badRequest("'deliver' goes with a 'mailbox' elsewhere: give both");
            }
            return Optional.empty();
        }
        if ("local".equals(mailbox)) {
            if (settings.deliver != null) {
                throw badRequest("'deliver' has no meaning for a local mailbox");
            }
            return Optional.of(Optional.empty());
        }
        if (!(mailbox instanceof Map)) {
            throw badRequest("'mailbox' must be \"local\" or an object such as {\"url\": \"imaps://imap.partner.org/INBOX\", \"login\": "
                + "\"dave\", \"password\": \"...\"}");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String kind = null;
        for (Map.Entry<?, ?> field : ((Map<?, ?>) mailbox).entrySet()) {
            String name = String.valueOf(field.getKey());
            if (!(field.getValue() instanceof String)) {
                throw badRequest("'mailbox." + name + "' must be a string");
            }
            if (name.equals("kind")) {
                kind = (String) field.getValue();
            } else {
                parameters.put(name, (String) field.getValue());
            }
        }
        if (settings.deliver != null) {
            parameters.put(MailboxSpec.DELIVER, settings.deliver);
        }
        if (kind == null) {
            String url = parameters.getOrDefault("url", "");
            if (url.startsWith("imaps://") || url.startsWith("imap://")) {
                kind = "imap";
            } else if (parameters.containsKey("command")) {
                kind = "command";
            } else {
                throw badRequest("'mailbox' needs a 'kind', or an imaps:// 'url', or a 'command'");
            }
        }
        try {
            return Optional.of(Optional.of(new MailboxSpec(kind, parameters)));
        } catch (IllegalArgumentException e) {
            throw badRequest("'mailbox': " + e.getMessage());
        }
    }

    private String removeOperator(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        operators.removeOperator(plex(request), address, who(request));
        return noContent(response);
    }

    private String resetRoster(Request request, Response response) {
        operators.resetRoster(plex(request), who(request));
        return noContent(response);
    }

    private String putSchedule(Request request, Response response) {
        String operator = person(request);
        ScheduleDto body = body(request, scheduleExtractor, null);
        if (body == null) {
            throw badRequest("The body must be a schedule: {\"zone\": \"Europe/Prague\", \"week\": {\"MONDAY\": [\"08:00-12:00\"]}}");
        }
        if (body.week == null) {
            throw badRequest("'week' is missing: give the shifts of each working day, e.g. {\"MONDAY\": [\"08:00-12:00\"]}");
        }
        operators.setSchedule(operator, Schedule.parse(body.zone, body.week), who(request));
        return noContent(response);
    }

    private ScheduleDto getSchedule(Request request, Response response) {
        String operator = person(request);
        return ScheduleDto.from(operators.existingSchedule(operator));
    }

    private String deleteSchedule(Request request, Response response) {
        String operator = person(request);
        operators.deleteSchedule(operator, who(request));
        return noContent(response);
    }

    private Map<String, String> addAbsence(Request request, Response response) {
        String operator = person(request);
        AbsenceDto body = body(request, absenceExtractor, null);
        if (body == null) {
            throw badRequest("The body must be an absence: {\"from\": \"2026-12-24T00:00:00+01:00\", \"until\": \"2027-01-02T00:00:00+01:00\"}");
        }
        Instant from = instant("from", body.from);
        Instant until = instant("until", body.until);
        Absence absence = operators.addAbsence(operator, from, until, who(request));
        response.status(CREATED_201);
        return Map.of("id", absence.id());
    }

    private List<AbsenceDto> listAbsences(Request request, Response response) {
        return operators.absences(person(request)).stream().map(AbsenceDto::from).collect(Collectors.toList());
    }

    private String cancelAbsence(Request request, Response response) {
        operators.cancelAbsence(person(request), request.params(ID_PARAM), who(request));
        return noContent(response);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw badRequest("'" + field + "' is missing: give a date-time with its offset, e.g. 2026-12-24T00:00:00+01:00");
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw badRequest("'" + field + "' is not a date-time with an offset such as 2026-12-24T00:00:00+01:00: '" + value + "'");
        }
    }

    /** The JSON body, or {@code absent} when there is none. */
    private static <T> T body(Request request, JsonExtractor<T> extractor, T absent) {
        String body = request.body();
        if (body == null || body.isBlank()) {
            return absent;
        }
        try {
            return extractor.parse(body);
        } catch (JsonExtractException e) {
            throw ErrorResponder.builder()
                .statusCode(BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message("Invalid JSON body: %s", e.getMessage())
                .cause(e)
                .haltError();
        }
    }

    private String person(Request request) {
        return operators.person(address(request.params(OPERATOR_PARAM), "operator"));
    }

    private Plex plex(Request request) {
        return administration.plex(address(request.params(PLEX_PARAM), "plex"));
    }

    /** Who made the change: the JWT subject when JWT is on. */
    private static String who(Request request) {
        return Optional.ofNullable(request.attribute(JWT_LOGIN)).map(login -> "admin " + login).orElse("an admin");
    }
}
