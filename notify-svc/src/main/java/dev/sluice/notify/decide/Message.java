package dev.sluice.notify.decide;

/** A rendered message: the headline (email subject) and the body the service receives (JSON, or text for email). */
public record Message(String title, String body) {
}
