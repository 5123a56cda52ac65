package dev.sluice.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.notify.decide.Delivery;
import java.util.regex.Pattern;

/**
 * Email through Quarkus' mailer (SMTP server and its credentials: {@code quarkus.mailer.*}). The recipient is the
 * address; {@code from} in the service's settings overrides {@code quarkus.mailer.from}; the subject is the headline.
 * An SMTP 5xx reply (mailbox unknown, relay denied) fails at once; anything else (4xx, a lost connection) is retried.
 */
public final class EmailApi {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");
    private static final Pattern PERMANENT = Pattern.compile("(^|\\D)5\\d\\d[ -]");

    private EmailApi() {
    }

    public record Mail(String from, String to, String subject, String text) {
    }

    public static Mail mail(Delivery d, JsonNode settings) throws ServiceApi.ConfigProblem {
        if (!ADDRESS.matcher(d.recipient()).matches()) {
            throw new ServiceApi.ConfigProblem("email recipient '" + d.recipient() + "' is not an address");
        }
        String from = settings.path("from").asText("");
        return new Mail(from.isBlank() ? null : from, d.recipient(), d.message().title(), d.message().body());
    }

    public static Attempt classify(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String first = message.lines().findFirst().orElse(message);
        return PERMANENT.matcher(first).find() ? new Attempt.Failed("smtp answered " + first)
                : new Attempt.Retry(null, "smtp: " + first);
    }
}
