package org.mailplex.webadmin;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.CONFLICT_409;
import static org.eclipse.jetty.http.HttpStatus.INTERNAL_SERVER_ERROR_500;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NO_CONTENT_204;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.util.streams.Limit;
import org.apache.james.util.streams.Offset;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.ParametersExtractor;
import org.apache.mailet.Mail;
import org.mailplex.core.OperatorState;
import org.mailplex.core.PlexScheduler;
import org.mailplex.core.TicketKeys;
import org.mailplex.james.MailPlexService;
import org.mailplex.james.PlexDispatcher;
import org.mailplex.james.PlexDispatcher.ManualAssignment;
import org.mailplex.state.PlexState;
import org.mailplex.state.PlexStateKeeper;
import org.mailplex.webadmin.dto.AssignmentDto;
import org.mailplex.webadmin.dto.OperatorCountsDto;
import org.mailplex.webadmin.dto.OperatorDto;
import org.mailplex.webadmin.dto.ParkedMailDto;
import org.mailplex.webadmin.dto.PlexDto;
import org.mailplex.webadmin.dto.PlexStatsDto;
import org.mailplex.webadmin.dto.PlexSummaryDto;
import org.mailplex.webadmin.dto.WaitedDto;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * MailPlex administration under {@code /mailplex}, JSON in and out, errors in James's format.
 * List it in {@code webadmin.properties}: {@code extensions.routes=org.mailplex.webadmin.MailPlexRoutes}.
 *
 * <pre>
 * GET    /mailplex                                          every plex: queue depth, oldest wait, operators free/busy/paused
 * GET    /mailplex/{plex}                                   the roster, one entry per operator
 * GET    /mailplex/{plex}/queue?offset=&amp;limit=              parked mails, oldest first
 * GET    /mailplex/{plex}/queue/{key}                       one parked mail
 * DELETE /mailplex/{plex}/queue/{key}                       takes a parked mail out of the queue
 * POST   /mailplex/{plex}/queue/{key}?action=assign&amp;operator=  hands it to that operator now
 * GET    /mailplex/{plex}/operators/{operator}              one operator
 * PUT    /mailplex/{plex}/operators/{operator}/paused       pauses (kept across restarts)
 * DELETE /mailplex/{plex}/operators/{operator}/paused       resumes
 * GET    /mailplex/{plex}/stats                             dispatched, time waited p50/p95/max, per operator
 * </pre>
 */
public class MailPlexRoutes implements Routes {
    public static final String BASE_PATH = "/mailplex";
    private static final String PLEX_PARAM = ":plex";
    private static final String KEY_PARAM = ":key";
    private static final String OPERATOR_PARAM = ":operator";
    public static final String PLEX_PATH = BASE_PATH + "/" + PLEX_PARAM;
    public static final String QUEUE_PATH = PLEX_PATH + "/queue";
    public static final String PARKED_MAIL_PATH = QUEUE_PATH + "/" + KEY_PARAM;
    public static final String OPERATOR_PATH = PLEX_PATH + "/operators/" + OPERATOR_PARAM;
    public static final String PAUSED_PATH = OPERATOR_PATH + "/paused";
    public static final String STATS_PATH = PLEX_PATH + "/stats";

    static final String ACTION = "action";
    static final String ASSIGN = "assign";
    static final String OPERATOR = "operator";
    private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(30);

    private final MailPlexService service;
    private final PlexStateKeeper stateKeeper;
    private final Clock clock;
    private final JsonTransformer jsonTransformer;

    @Inject
    public MailPlexRoutes(MailPlexService service, PlexStateKeeper stateKeeper, Clock clock, JsonTransformer jsonTransformer) {
        this.service = service;
        this.stateKeeper = stateKeeper;
        this.clock = clock;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::listPlexes, jsonTransformer);
        service.get(PLEX_PATH, this::getPlex, jsonTransformer);
        service.get(QUEUE_PATH, this::listParked, jsonTransformer);
        service.get(PARKED_MAIL_PATH, this::getParked, jsonTransformer);
        service.delete(PARKED_MAIL_PATH, this::deleteParked);
        service.post(PARKED_MAIL_PATH, this::actOnParked, jsonTransformer);
        service.get(OPERATOR_PATH, this::getOperator, jsonTransformer);
        service.put(PAUSED_PATH, this::pause);
        service.delete(PAUSED_PATH, this::resume);
        service.get(STATS_PATH, this::stats, jsonTransformer);
    }

    private List<PlexSummaryDto> listPlexes(Request request, Response response) {
        return service.plexes().stream()
            .map(this::summary)
            .sorted((a, b) -> a.getPlex().compareTo(b.getPlex()))
            .collect(Collectors.toList());
    }

    private PlexSummaryDto summary(PlexDispatcher plex) {
        PlexScheduler scheduler = plex.scheduler();
        List<OperatorState> operators = scheduler.operators();
        Optional<Instant> oldest = scheduler.oldestWaiting().flatMap(TicketKeys::parkedAt);
        return new PlexSummaryDto(plexName(plex), queueDepth(scheduler), oldest,
            oldest.map(parkedAt -> waitedMillis(parkedAt)),
            new OperatorCountsDto(count(operators, OperatorDto.FREE), count(operators, OperatorDto.BUSY),
                count(operators, OperatorDto.PAUSED)));
    }

    private static long count(List<OperatorState> operators, String status) {
        return operators.stream().filter(operator -> OperatorDto.status(operator).equals(status)).count();
    }

    private PlexDto getPlex(Request request, Response response) {
        PlexDispatcher plex = plex(request);
        PlexState state = stateKeeper.state(plexName(plex));
        return new PlexDto(plexName(plex), queueDepth(plex.scheduler()),
            plex.scheduler().oldestWaiting().flatMap(TicketKeys::parkedAt),
            plex.configuration().mailbox(), plex.configuration().busyWhen().asString(),
            plex.scheduler().operators().stream()
                .map(operator -> OperatorDto.from(operator, state.dispatched(operator.name())))
                .collect(Collectors.toList()));
    }

    private List<ParkedMailDto> listParked(Request request, Response response) throws MessagingException {
        Offset offset = ParametersExtractor.extractOffset(request);
        Limit limit = ParametersExtractor.extractLimit(request);
        PlexDispatcher plex = plex(request);
        List<String> keys = new ArrayList<>();
        Iterator<MailKey> parked = plex.queue().list();
        while (parked.hasNext()) {
            String key = parked.next().asString();
            if (TicketKeys.isTicket(key)) {
                keys.add(key);
            }
        }
        List<String> page = limit.applyOnStream(keys.stream().sorted().skip(offset.getOffset())).collect(Collectors.toList());
        List<ParkedMailDto> mails = new ArrayList<>();
        for (String key : page) {
            read(plex, key).ifPresent(mails::add);
        }
        return mails;
    }

    private ParkedMailDto getParked(Request request, Response response) throws MessagingException {
        String key = key(request);
        PlexDispatcher plex = plex(request);
        return read(plex, key).orElseThrow(() -> keyNotFound(plex, key));
    }

    private String deleteParked(Request request, Response response) throws MessagingException {
        String key = key(request);
        PlexDispatcher plex = plex(request);
        if (!isParked(plex, key) || !plex.removeParked(key, LOOP_TIMEOUT)) {
            throw keyNotFound(plex, key);
        }
        return noContent(response);
    }

    private AssignmentDto actOnParked(Request request, Response response) throws MessagingException {
        String action = Optional.ofNullable(request.queryParams(ACTION)).orElse("");
        if (!action.equals(ASSIGN)) {
            throw badRequest("Invalid '" + ACTION + "' query parameter: '" + action + "'; supported: " + ASSIGN);
        }
        String key = key(request);
        MailAddress operatorAddress = address(Optional.ofNullable(request.queryParams(OPERATOR))
            .filter(value -> !value.isBlank())
            .orElseThrow(() -> badRequest("'" + OPERATOR + "' query parameter is mandatory")), "operator");
        PlexDispatcher plex = plex(request);
        String operator = operator(plex, operatorAddress);
        if (!isParked(plex, key)) {
            throw keyNotFound(plex, key);
        }
        ManualAssignment result = plex.assignNow(key, operator, LOOP_TIMEOUT);
        switch (result) {
            case DELIVERED:
                return new AssignmentDto(key, operator);
            case GONE:
                throw keyNotFound(plex, key);
            case NOT_WAITING:
                throw ErrorResponder.builder()
                    .statusCode(CONFLICT_409)
                    .type(ErrorType.WRONG_STATE)
                    .message("%s is being delivered already", key)
                    .haltError();
            default:
                throw ErrorResponder.builder()
                    .statusCode(INTERNAL_SERVER_ERROR_500)
                    .type(ErrorType.SERVER_ERROR)
                    .message("Could not deliver %s to %s; it waits again in the queue", key, operator)
                    .haltError();
        }
    }

    private OperatorDto getOperator(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        PlexDispatcher plex = plex(request);
        String operator = operator(plex, address);
        return OperatorDto.from(plex.scheduler().operator(operator), stateKeeper.state(plexName(plex)).dispatched(operator));
    }

    private String pause(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        PlexDispatcher plex = plex(request);
        stateKeeper.pause(plex, operator(plex, address));
        return noContent(response);
    }

    private String resume(Request request, Response response) {
        MailAddress address = address(request.params(OPERATOR_PARAM), "operator");
        PlexDispatcher plex = plex(request);
        stateKeeper.resume(plex, operator(plex, address));
        return noContent(response);
    }

    private PlexStatsDto stats(Request request, Response response) {
        PlexDispatcher plex = plex(request);
        String name = plexName(plex);
        PlexState state = stateKeeper.state(name);
        List<PlexStatsDto.OperatorStatsDto> operators = plex.scheduler().roster().operators().stream()
            .map(operator -> new PlexStatsDto.OperatorStatsDto(operator, state.dispatched(operator),
                WaitedDto.from(stateKeeper.waits(name, operator))))
            .collect(Collectors.toList());
        long dispatched = operators.stream().mapToLong(PlexStatsDto.OperatorStatsDto::getDispatched).sum();
        return new PlexStatsDto(name, dispatched, WaitedDto.from(stateKeeper.waits(name)), operators);
    }

    /** Through the listing: retrieving an absent key makes some repositories log a stack trace. */
    private static boolean isParked(PlexDispatcher plex, String key) throws MessagingException {
        Iterator<MailKey> parked = plex.queue().list();
        while (parked.hasNext()) {
            if (parked.next().asString().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private Optional<ParkedMailDto> read(PlexDispatcher plex, String key) throws MessagingException {
        if (!isParked(plex, key)) {
            return Optional.empty();
        }
        Mail mail = plex.queue().retrieve(new MailKey(key));
        if (mail == null) {
            return Optional.empty();
        }
        try {
            Instant parkedAt = TicketKeys.parkedAt(key).orElseThrow();
            return Optional.of(new ParkedMailDto(key,
                mail.getMaybeSender().asOptional().map(MailAddress::asString),
                Optional.ofNullable(mail.getMessage().getSubject()),
                mail.getMessageSize(),
                parkedAt,
                waitedMillis(parkedAt)));
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    private PlexDispatcher plex(Request request) {
        MailAddress account = address(request.params(PLEX_PARAM), "plex");
        return service.plex(account)
            .orElseThrow(() -> notFound("%s is not a MailPlex plex", account.asString()));
    }

    /** The roster's own spelling of {@code address}. */
    private static String operator(PlexDispatcher plex, MailAddress address) {
        return plex.configuration().operators().stream()
            .filter(address::equals)
            .findFirst()
            .map(MailAddress::asString)
            .orElseThrow(() -> notFound("%s is not on the roster of %s", address.asString(), plexName(plex)));
    }

    private static String key(Request request) {
        String key = request.params(KEY_PARAM);
        if (!TicketKeys.isTicket(key)) {
            throw badRequest("'" + key + "' is not a MailPlex queue key");
        }
        return key;
    }

    private static MailAddress address(String value, String what) {
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

    private static HaltException keyNotFound(PlexDispatcher plex, String key) {
        return notFound("%s is not in the queue of %s", key, plexName(plex));
    }

    private static HaltException notFound(String message, Object... args) {
        return ErrorResponder.builder()
            .statusCode(NOT_FOUND_404)
            .type(ErrorType.NOT_FOUND)
            .message(message, args)
            .haltError();
    }

    private static HaltException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(BAD_REQUEST_400)
            .type(ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    private static String noContent(Response response) {
        response.status(NO_CONTENT_204);
        return "";
    }

    private static String plexName(PlexDispatcher plex) {
        return plex.configuration().account().asString();
    }

    private static long queueDepth(PlexScheduler scheduler) {
        return scheduler.waitingCount() + scheduler.inFlightCount();
    }

    private long waitedMillis(Instant parkedAt) {
        return Math.max(0L, Duration.between(parkedAt, clock.instant()).toMillis());
    }
}
