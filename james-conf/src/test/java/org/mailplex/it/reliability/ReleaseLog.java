package org.mailplex.it.reliability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The order in which the dispatcher released mail, read from its own "Released {} of plex {} to {}"
 * log line (it runs on one thread per plex, so the log order is the release order). Works because
 * James runs in the test JVM and loads our extension from the test classpath.
 */
final class ReleaseLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final String DISPATCHER = "org.mailplex.james.PlexDispatcher";

    /** One release: the queue key and the operator. */
    static final class Release {
        final String ticket;
        final String operator;

        Release(String ticket, String operator) {
            this.ticket = ticket;
            this.operator = operator;
        }

        @Override
        public String toString() {
            return ticket + "->" + operator;
        }
    }

    private final List<Release> releases = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private ReleaseLog() {
        logger = (Logger) LoggerFactory.getLogger(DISPATCHER);
    }

    static ReleaseLog attach() {
        ReleaseLog log = new ReleaseLog();
        log.setContext(log.logger.getLoggerContext());
        log.start();
        if (!log.logger.isInfoEnabled()) {
            log.logger.setLevel(Level.INFO);
        }
        log.logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (event.getMessage().startsWith("Released ") && arguments != null && arguments.length >= 3) {
            releases.add(new Release(String.valueOf(arguments[0]), String.valueOf(arguments[2])));
        }
    }

    List<Release> releases() {
        return List.copyOf(releases);
    }

    List<String> tickets() {
        return releases.stream().map(release -> release.ticket).collect(java.util.stream.Collectors.toList());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
