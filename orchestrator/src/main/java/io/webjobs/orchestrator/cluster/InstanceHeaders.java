package io.webjobs.orchestrator.cluster;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The headers of the internal hop. An instance that forwards a request adds {@link #HOP} (its own URL), the
 * base URL the user called ({@link #BASE}, so every absolute URL in the answer points where the user called,
 * as Kudu builds them from the request's host) and the caller's address ({@link #CALLER}, the audit's actor).
 * They count only on a request that passed the API's authentication.
 */
public final class InstanceHeaders {

    public static final String HOP = "X-Webjobs-Hop";
    public static final String BASE = "X-Webjobs-Base";
    public static final String CALLER = "X-Webjobs-Caller";
    /** Marks a list request handed to an instance that holds jobs by one that holds none: merge there, never hand on. */
    public static final String DELEGATED = "X-Webjobs-Delegated";
    /** On every answer: the instance that answered it (the owner, for a forwarded request). */
    public static final String ANSWERED_BY = "X-Webjobs-Instance";

    /** What a forwarded request keeps of the caller's headers (credentials, upload metadata, tracing). */
    public static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Content-Disposition",
            "User-Agent", "X-Correlation-Id", "X-Webhook-Secret", "Accept", "If-None-Match");
    /** What a forwarded answer does not copy back: the server sets its own. */
    public static final List<String> NOT_COPIED_BACK = List.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "date", "server", ":status");

    private static final Pattern BASE_URL = Pattern.compile("https?://[A-Za-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{1,64}");

    private InstanceHeaders() {
    }

    /** True when another instance sent the request (its hop headers then name the user's call). */
    public static boolean forwarded(java.util.function.UnaryOperator<String> header) {
        return header.apply(HOP) != null || header.apply(DELEGATED) != null;
    }

    /**
     * The base of the absolute URLs in an answer: the one the user called, when the request came from another
     * instance with a well-formed {@link #BASE}; else this request's own scheme and host.
     */
    public static String base(boolean forwarded, String forwardedBase, String scheme, String host) {
        if (forwarded && forwardedBase != null && BASE_URL.matcher(forwardedBase).matches()) {
            return forwardedBase;
        }
        return scheme + "://" + host;
    }

    /** The caller's address: the one the forwarding instance saw, when the request came over the hop. */
    public static String caller(boolean forwarded, String forwardedCaller, String ip) {
        return forwarded && forwardedCaller != null && ADDRESS.matcher(forwardedCaller).matches() ? forwardedCaller : ip;
    }
}
