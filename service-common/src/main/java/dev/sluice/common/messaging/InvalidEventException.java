package dev.sluice.common.messaging;

/**
 * A record that is not a valid Sluice event. Nacking with it sends the record to {@code sluice.deadletter}
 * with the message as the {@code dead-letter-reason} header. No stack trace: the reason is the problem list.
 */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
