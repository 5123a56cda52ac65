package dev.sluice.notify.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.notify.decide.Message;
import dev.sluice.notify.decide.Notice;
import dev.sluice.notify.decide.NotifyConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.ValueResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a recipient reads. The headline is the Qute template {@code template.<trigger>} when the ConfigMap has one
 * (default: "shop/checkout aborted"); the body is the Qute template {@code template.<trigger>.<service>} when there
 * is one, else a default that looks right in the service: Slack blocks in an attachment coloured by outcome, a
 * Teams Adaptive Card, a Discord embed, a Google Chat card, the notice as JSON for a webhook, plain text for email.
 * Templates see every fact of the {@link Notice} by name ({@code {rollout}}, {@code {metric}}, {@code {value}},
 * {@code {reason}}, {@code {dashboardUrl}}, ...); {@code {x.json}} writes a value as a JSON string literal. Pure.
 */
public final class Renderer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Engine QUTE = Engine.builder().addDefaults()
            .addValueResolver(ValueResolver.builder().applyToBaseClass(String.class).applyToName("json")
                    .resolveSync(ctx -> quote((String) ctx.getBase())).build())
            .build();
    private static final Map<String, io.quarkus.qute.Template> PARSED = new ConcurrentHashMap<>();

    private Renderer() {
    }

    public static Message render(Notice n, NotifyConfig.Service service, String recipient, Map<String, String> templates) {
        Map<String, Object> data = data(n, recipient);
        String title = templates.containsKey(n.trigger().key()) ? qute(templates.get(n.trigger().key()), data).strip() : n.headline();
        data.put("title", title);
        String custom = templates.get(n.trigger().key() + "." + service.name());
        String body = custom != null ? qute(custom, data) : switch (service.kind()) {
            case SLACK -> slack(n, title, recipient, service);
            case TEAMS -> teams(n, title);
            case DISCORD -> discord(n, title);
            case GOOGLE_CHAT -> googleChat(n, title);
            case WEBHOOK -> webhook(n, title);
            case EMAIL -> email(n, title);
        };
        return new Message(title, body);
    }

    /** The names a template sees. */
    static Map<String, Object> data(Notice n, String recipient) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rollout", n.rolloutId());
        d.put("namespace", n.namespace());
        d.put("name", n.name());
        d.put("trigger", n.trigger().key());
        d.put("outcome", n.trigger().outcome().name().toLowerCase(java.util.Locale.ROOT));
        d.put("colour", Facts.colour(n));
        d.put("revision", orEmpty(n.revision()));
        d.put("images", String.join(", ", n.images()));
        d.put("stepIndex", n.stepIndex() == null ? "" : String.valueOf(n.stepIndex()));
        d.put("step", orEmpty(n.step()));
        d.put("weight", n.weight() == null ? "" : String.valueOf(n.weight()));
        d.put("metric", orEmpty(n.metric()));
        d.put("value", orEmpty(n.value()));
        d.put("reason", orEmpty(n.reason()));
        d.put("phase", orEmpty(n.phase()));
        d.put("dashboardUrl", orEmpty(n.dashboardUrl()));
        d.put("time", n.time() == null ? "" : n.time().toString());
        d.put("eventId", n.eventId());
        d.put("recipient", recipient);
        d.put("headline", n.headline());
        return d;
    }

    private static String qute(String template, Map<String, Object> data) {
        try {
            return PARSED.computeIfAbsent(template, QUTE::parse).data(data).render();
        } catch (TemplateException e) {
            throw new IllegalArgumentException("template does not render: " + e.getMessage(), e);
        }
    }

    private static String slack(Notice n, String title, String recipient, NotifyConfig.Service service) {
        ObjectNode root = JSON.createObjectNode();
        boolean viaWebhook = service.settings().path("webhooks").has(recipient) || recipient.isEmpty();
        if (!viaWebhook) {
            root.put("channel", recipient);
        }
        root.put("text", title);
        ArrayNode blocks = JSON.createArrayNode();
        ObjectNode head = blocks.addObject().put("type", "section");
        head.putObject("text").put("type", "mrkdwn").put("text", "*" + title + "*" + (n.reason() == null ? "" : "\n" + n.reason()));
        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode list = fields.putArray("fields");
        Facts.of(n).forEach((k, v) -> list.addObject().put("type", "mrkdwn").put("text", "*" + k + "*\n" + v));
        if (n.dashboardUrl() != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open rollout");
            button.put("url", n.dashboardUrl());
        }
        root.putArray("attachments").addObject().put("color", Facts.colour(n)).set("blocks", blocks);
        return write(root);
    }

    private static String teams(Notice n, String title) {
        ObjectNode card = JSON.createObjectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json").put("type", "AdaptiveCard").put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", title).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true).put("color", switch (n.trigger().outcome()) {
                    case GOOD -> "Good";
                    case BAD -> "Attention";
                    case WARNING -> "Warning";
                    case INFO -> "Accent";
                });
        if (n.reason() != null) {
            body.addObject().put("type", "TextBlock").put("text", n.reason()).put("wrap", true);
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        Facts.of(n).forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        if (n.dashboardUrl() != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open rollout").put("url", n.dashboardUrl());
        }
        ObjectNode root = JSON.createObjectNode().put("type", "message");
        root.putArray("attachments").addObject().put("contentType", "application/vnd.microsoft.card.adaptive")
                .putNull("contentUrl").set("content", card);
        return write(root);
    }

    private static String discord(Notice n, String title) {
        ObjectNode root = JSON.createObjectNode().put("content", title);
        ObjectNode embed = root.putArray("embeds").addObject().put("title", title);
        if (n.reason() != null) {
            embed.put("description", n.reason());
        }
        if (n.dashboardUrl() != null) {
            embed.put("url", n.dashboardUrl());
        }
        embed.put("color", Integer.parseInt(Facts.colour(n).substring(1), 16));
        ArrayNode fields = embed.putArray("fields");
        Facts.of(n).forEach((k, v) -> fields.addObject().put("name", k).put("value", v).put("inline", !k.equals("Images")));
        if (n.time() != null) {
            embed.put("timestamp", n.time().toString());
        }
        root.putObject("allowed_mentions").putArray("parse");
        return write(root);
    }

    private static String googleChat(Notice n, String title) {
        ObjectNode root = JSON.createObjectNode().put("text", title);
        ObjectNode card = root.putArray("cardsV2").addObject().put("cardId", "sluice-" + n.trigger().key()).putObject("card");
        card.putObject("header").put("title", title).put("subtitle", n.reason() == null ? n.rolloutId() : n.reason());
        ArrayNode widgets = card.putArray("sections").addObject().putArray("widgets");
        Facts.of(n).forEach((k, v) -> widgets.addObject().putObject("decoratedText").put("topLabel", k).put("text", v));
        if (n.dashboardUrl() != null) {
            ObjectNode button = widgets.addObject().putObject("buttonList").putArray("buttons").addObject().put("text", "Open rollout");
            button.putObject("onClick").putObject("openLink").put("url", n.dashboardUrl());
        }
        return write(root);
    }

    private static String webhook(Notice n, String title) {
        ObjectNode root = JSON.createObjectNode();
        root.put("trigger", n.trigger().key()).put("outcome", n.trigger().outcome().name().toLowerCase(java.util.Locale.ROOT))
                .put("title", title).put("rolloutId", n.rolloutId()).put("namespace", n.namespace()).put("name", n.name());
        putIf(root, "revision", n.revision());
        ArrayNode images = root.putArray("images");
        n.images().forEach(images::add);
        if (n.stepIndex() != null) {
            root.put("stepIndex", n.stepIndex());
        }
        putIf(root, "step", n.step());
        if (n.weight() != null) {
            root.put("weight", n.weight());
        }
        putIf(root, "metric", n.metric());
        putIf(root, "value", n.value());
        putIf(root, "phase", n.phase());
        putIf(root, "reason", n.reason());
        putIf(root, "dashboardUrl", n.dashboardUrl());
        putIf(root, "time", n.time() == null ? null : n.time().toString());
        return write(root);
    }

    private static String email(Notice n, String title) {
        StringBuilder text = new StringBuilder(title).append("\n\n");
        if (n.reason() != null) {
            text.append(n.reason()).append("\n\n");
        }
        Facts.of(n).forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (n.dashboardUrl() != null) {
            text.append("\n").append(n.dashboardUrl()).append('\n');
        }
        return text.toString();
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
