package dev.sluice.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.common.messaging.InboundEvent;
import dev.sluice.notify.decide.Delivery;
import dev.sluice.notify.decide.ServiceKind;
import dev.sluice.notify.service.Answer;
import dev.sluice.notify.service.Attempt;
import dev.sluice.notify.service.EmailApi;
import dev.sluice.notify.service.Outbound;
import dev.sluice.notify.service.ServiceApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the deliveries of one event, each on its own: a duplicate (the ledger has its key) is skipped; a message
 * waits for its recipient's rate limit, goes out, and is retried by the {@link RetryPolicy} (honouring Retry-After
 * and 429) without holding up the other recipients; a delivered message is marked in the ledger; one that can
 * never go, or ran out of attempts, is dead-lettered with the reason. The returned stage completes when every
 * delivery settled, so the input record is acknowledged only then (at-least-once).
 */
@ApplicationScoped
public class Deliverer {
    private static final Logger LOG = Logger.getLogger(Deliverer.class);

    /** The settings of a delivery with Secret references resolved, or why they cannot be. */
    public record Resolved(JsonNode settings, String problem) {
    }

    @Inject
    SentLedger ledger;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ReactiveMailer mailer;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @ConfigProperty(name = "sluice.notify.retry.attempts")
    int attempts;

    @ConfigProperty(name = "sluice.notify.retry.initial-delay")
    Duration initialDelay;

    @ConfigProperty(name = "sluice.notify.retry.max-delay")
    Duration maxDelay;

    @ConfigProperty(name = "sluice.notify.retry.max-retry-after")
    Duration maxRetryAfter;

    @ConfigProperty(name = "sluice.notify.rate.per-minute")
    int perMinute;

    @ConfigProperty(name = "sluice.notify.rate.burst")
    int burst;

    @ConfigProperty(name = "sluice.notify.http-timeout")
    Duration httpTimeout;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sluice-notify-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile HttpClient http;
    private volatile RateLimiter limiter;

    public CompletionStage<Void> deliverAll(InboundEvent event, List<Delivery> deliveries, java.util.function.Function<Delivery, Resolved> resolve) {
        CompletableFuture<?>[] all = deliveries.stream().map(d -> deliver(event, d, resolve).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    private CompletionStage<Void> deliver(InboundEvent event, Delivery d, java.util.function.Function<Delivery, Resolved> resolve) {
        String kind = d.service().kind().key();
        if (ledger.sent(d.key())) {
            LOG.infof("%s %s: already sent to %s (event %s), not again", d.notice().rolloutId(), d.notice().trigger().key(),
                    d.target(), d.notice().eventId());
            count("sluice.notify.deliveries", kind, "duplicate");
            return CompletableFuture.completedFuture(null);
        }
        Resolved resolved = resolve.apply(d);
        if (resolved.problem() != null) {
            return giveUp(event, d, resolved.problem());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(event, d, resolved.settings(), 1, done);
        return done;
    }

    private void attempt(InboundEvent event, Delivery d, JsonNode settings, int n, CompletableFuture<Void> done) {
        Duration wait = limiter().reserve(d.target(), clock.instant());
        later(wait, () -> send(d, settings).whenComplete((outcome, failure) -> {
            Attempt a = failure != null ? new Attempt.Retry(null, "cannot reach " + d.service().name() + ": " + rootCause(failure)) : outcome;
            String kind = d.service().kind().key();
            if (a instanceof Attempt.Delivered) {
                count("sluice.notify.attempts", kind, "delivered");
                LOG.infof("%s %s: sent to %s (event %s, attempt %d)", d.notice().rolloutId(), d.notice().trigger().key(),
                        d.target(), d.notice().eventId(), n);
                ledger.record(d.key()).whenComplete((ok, f) -> {
                    if (f != null) {
                        LOG.warnf("%s: sent to %s but the ledger mark failed (%s); a redelivery would send again",
                                d.notice().rolloutId(), d.target(), f.getMessage());
                    }
                    count("sluice.notify.deliveries", kind, "delivered");
                    done.complete(null);
                });
                return;
            }
            count("sluice.notify.attempts", kind, a instanceof Attempt.Retry ? "retry" : "failed");
            RetryPolicy.Next next = policy().after(n, a);
            if (next instanceof RetryPolicy.SendAgain again) {
                LOG.infof("%s %s: %s, attempt %d of %d; again in %d ms", d.notice().rolloutId(), d.target(),
                        ((Attempt.Retry) a).reason(), n, attempts, again.after().toMillis());
                later(again.after(), () -> attempt(event, d, settings, n + 1, done));
            } else {
                giveUp(event, d, ((RetryPolicy.GiveUp) next).reason()).whenComplete((ok, f) -> {
                    if (f != null) {
                        done.completeExceptionally(f);
                    } else {
                        done.complete(null);
                    }
                });
            }
        }));
    }

    private CompletionStage<Attempt> send(Delivery d, JsonNode settings) {
        try {
            if (d.service().kind() == ServiceKind.EMAIL) {
                EmailApi.Mail m = EmailApi.mail(d, settings);
                Mail mail = Mail.withText(m.to(), m.subject(), m.text());
                if (m.from() != null) {
                    mail.setFrom(m.from());
                }
                return mailer.send(mail).subscribeAsCompletionStage()
                        .<Attempt>thenApply(ok -> new Attempt.Delivered())
                        .exceptionally(EmailApi::classify);
            }
            ServiceApi api = ServiceApi.of(d.service().kind());
            Outbound out = api.request(d, settings);
            HttpRequest.Builder request = HttpRequest.newBuilder(out.url()).timeout(httpTimeout)
                    .POST(HttpRequest.BodyPublishers.ofString(out.body()));
            out.headers().forEach(request::header);
            return http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> api.classify(new Answer(r.statusCode(), r.headers().map(), r.body()), clock.instant()));
        } catch (ServiceApi.ConfigProblem e) {
            return CompletableFuture.completedFuture(new Attempt.Failed(e.getMessage()));
        }
    }

    private CompletionStage<Void> giveUp(InboundEvent event, Delivery d, String reason) {
        LOG.warnf("%s %s: cannot notify %s: %s; dead-lettered", d.notice().rolloutId(), d.notice().trigger().key(),
                d.target(), reason);
        count("sluice.notify.deliveries", d.service().kind().key(), "failed");
        return deadLetters.send(event, d, reason);
    }

    private void later(Duration wait, Runnable action) {
        if (wait.isZero() || wait.isNegative()) {
            action.run();
        } else {
            timer.schedule(action, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void count(String name, String service, String outcome) {
        registry.counter(name, "service", service, "outcome", outcome).increment();
    }

    private RetryPolicy policy() {
        return new RetryPolicy(attempts, initialDelay, maxDelay, maxRetryAfter);
    }

    private RateLimiter limiter() {
        if (limiter == null) {
            synchronized (this) {
                if (limiter == null) {
                    limiter = new RateLimiter(perMinute, burst);
                }
            }
        }
        return limiter;
    }

    private HttpClient http() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(httpTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
                }
            }
        }
        return http;
    }

    private static String rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
