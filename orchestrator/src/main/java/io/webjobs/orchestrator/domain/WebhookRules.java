package io.webjobs.orchestrator.domain;

import io.webjobs.avro.JobType;
import io.webjobs.avro.RotateWebhookSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A triggered job's webhook: a secret that lets a third party run that one job and do nothing else.
 * The state keeps only the secret's SHA-256, so neither the event log nor a status snapshot can give it away.
 */
public final class WebhookRules {

    /** Actor of a run requested through a webhook. */
    public static final String ACTOR = "webhook";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private WebhookRules() {
    }

    /** Why the job's secret cannot be replaced by this one; empty when it can. */
    public static Optional<String> rotate(Job job, RotateWebhookSecret command) {
        if (job.type() != JobType.triggered) {
            return Optional.of("Only a triggered job has a webhook.");
        }
        if (!SHA256_HEX.matcher(command.getSecretHash()).matches()) {
            return Optional.of("A webhook secret hash is a SHA-256 in lower-case hex.");
        }
        return Optional.empty();
    }

    /** True when the secret is the job's current webhook secret (compared in constant time). */
    public static boolean accepts(Job job, String secret) {
        if (job == null || job.webhookSecretHash() == null || secret == null || secret.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                job.webhookSecretHash().getBytes(StandardCharsets.US_ASCII));
    }

    /** SHA-256 of the secret in lower-case hex: what the command and the state carry. */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
