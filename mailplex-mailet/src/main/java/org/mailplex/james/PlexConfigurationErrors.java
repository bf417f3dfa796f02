package org.mailplex.james;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.mailplex.mailet.PlexConfiguration;

/** Start-up errors found once James's services are at hand; each names the parameter. */
final class PlexConfigurationErrors {
    private PlexConfigurationErrors() {
    }

    static MessagingException operator(MailAddress operator, Exception cause) {
        MessagingException error = new MessagingException("MailPlex parameter '" + PlexConfiguration.OPERATORS + "': "
            + operator.asString() + " cannot be mapped to a James user: " + cause.getMessage());
        error.initCause(cause);
        return error;
    }

    static MessagingException repository(MailRepositoryUrl url, Exception cause) {
        MessagingException error = new MessagingException("MailPlex parameter '" + PlexConfiguration.REPOSITORY_PATH + "': "
            + "cannot open " + url.asString() + " (is protocol '" + url.getProtocol().getValue()
            + "' registered in mailrepositorystore.xml?): " + cause.getMessage());
        error.initCause(cause);
        return error;
    }

    static MessagingException duplicateAccount(MailAddress account) {
        return new MessagingException("MailPlex parameter '" + PlexConfiguration.ACCOUNT + "': " + account.asString()
            + " is configured by two MailPlex mailets; use one element per plex");
    }

    static MessagingException operatorIsPlex(MailAddress plex, MailAddress operator) {
        return new MessagingException("MailPlex parameter '" + PlexConfiguration.OPERATORS + "': plex " + plex.asString()
            + " lists " + operator.asString() + ", which is itself a plex; mail given to it would never be released");
    }
}
