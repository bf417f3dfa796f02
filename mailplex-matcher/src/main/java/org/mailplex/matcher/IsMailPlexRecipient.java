package org.mailplex.matcher;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Strings;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * Matches the recipients of a mail that are MailPlex accounts, and never a mail that MailPlex
 * itself delivered to that account's operators (the loop guard: such a mail carries the
 * {@value MailPlexHeaders#PLEX} trace header naming the plex).
 *
 * <p>The condition is the plex address, or several separated by commas. James splits a mail
 * whose recipients match only in part, so the other recipients go on as usual.</p>
 *
 * <pre>{@code
 * <mailet match="org.mailplex.matcher.IsMailPlexRecipient=help@911.gov" class="org.mailplex.mailet.MailPlex">
 *     <account>help@911.gov</account>
 *     <operators>alice@911.gov, bob@911.gov</operators>
 *     <repositoryPath>file://var/mail/mailplex/help/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class IsMailPlexRecipient extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsMailPlexRecipient.class);

    private ImmutableSet<MailAddress> plexes;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (Strings.isNullOrEmpty(condition) || condition.isBlank()) {
            throw new MessagingException("IsMailPlexRecipient needs the plex address as its condition, "
                + "e.g. IsMailPlexRecipient=help@911.gov");
        }
        ImmutableSet.Builder<MailAddress> builder = ImmutableSet.builder();
        for (String address : Arrays.asList(condition.split(","))) {
            builder.add(parse(address.trim()));
        }
        plexes = builder.build();
    }

    private static MailAddress parse(String address) throws MessagingException {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new MessagingException("IsMailPlexRecipient condition: '" + address + "' is not a valid mail address", e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        ImmutableList<MailAddress> matched = mail.getRecipients().stream()
            .filter(plexes::contains)
            .collect(ImmutableList.toImmutableList());
        if (matched.isEmpty()) {
            return ImmutableList.of();
        }
        ImmutableSet<String> deliveredBy = deliveredByPlexes(mail);
        if (deliveredBy.isEmpty()) {
            return matched;
        }
        ImmutableList<MailAddress> notLooping = matched.stream()
            .filter(plex -> !deliveredBy.contains(plex.asString().toLowerCase(Locale.US)))
            .collect(ImmutableList.toImmutableList());
        if (notLooping.size() < matched.size()) {
            LOGGER.warn("Mail {} was delivered by MailPlex {} and is sent back to it: not parking it again",
                mail.getName(), deliveredBy);
        }
        return notLooping;
    }

    private static ImmutableSet<String> deliveredByPlexes(Mail mail) {
        try {
            String[] values = mail.getMessage().getHeader(MailPlexHeaders.PLEX);
            if (values == null) {
                return ImmutableSet.of();
            }
            return Arrays.stream(values)
                .map(value -> value.trim().toLowerCase(Locale.US))
                .collect(ImmutableSet.toImmutableSet());
        } catch (MessagingException e) {
            LOGGER.debug("Could not read the headers of mail {}, treating it as new", mail.getName(), e);
            return ImmutableSet.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Matches MailPlex accounts, never a mail MailPlex delivered";
    }
}
