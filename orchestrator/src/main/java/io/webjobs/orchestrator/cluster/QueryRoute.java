package io.webjobs.orchestrator.cluster;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which instance answers a request: the owner of one job's partition (every route under a job's name: its
 * detail, history, logs, settings, and the writes, whose answer reads the job back), every instance merged (the
 * lists), or this one (global stores, static files, health). Pure: decided from the method and path alone.
 */
public record QueryRoute(Kind kind, String job) {

    public enum Kind {
        /** Answered by the instance owning {@link #job()}'s partition. */
        OWNER,
        /** A list of jobs: each instance's own jobs, merged by name (Kudu order). */
        JOBS,
        /** {@code GET /api/webjobs}: merged, triggered jobs first, then continuous. */
        ALL_JOBS,
        /** {@code GET /api/v2/runners}: each runner's instances gathered from every orchestrator. */
        RUNNERS,
        /** {@code GET /api/v2/verify}: each instance compares the jobs it owns. */
        VERIFY,
        /** Answered here. */
        LOCAL
    }

    private static final List<String> JOB_PREFIXES = List.of("api/triggeredwebjobs", "api/triggeredjobs",
            "jobs/triggered", "api/jobs/triggered", "api/continuouswebjobs", "api/continuousjobs", "jobs/continuous",
            "api/jobs/continuous", "api/vfs/data/jobs/triggered", "api/vfs/data/jobs/continuous", "api/v2/jobs");
    private static final Pattern JOB_PATH = Pattern.compile("^/(" + String.join("|", JOB_PREFIXES.stream()
            .map(Pattern::quote).toList()) + ")(?:/([^/]+)(/.*)?)?/?$");
    private static final Set<String> LISTS = Set.of("api/triggeredwebjobs", "api/triggeredjobs", "jobs/triggered",
            "api/jobs/triggered", "api/continuouswebjobs", "api/continuousjobs", "jobs/continuous",
            "api/jobs/continuous");

    private static final QueryRoute LOCAL = new QueryRoute(Kind.LOCAL, null);

    public static QueryRoute of(String method, String path) {
        boolean get = "GET".equalsIgnoreCase(method);
        switch (path) {
            case "/api/webjobs", "/api/webjobs/" -> {
                return get ? new QueryRoute(Kind.ALL_JOBS, null) : LOCAL;
            }
            case "/api/v2/runners" -> {
                return get ? new QueryRoute(Kind.RUNNERS, null) : LOCAL;
            }
            case "/api/v2/verify" -> {
                return get ? new QueryRoute(Kind.VERIFY, null) : LOCAL;
            }
            default -> {
            }
        }
        Matcher matcher = JOB_PATH.matcher(path);
        if (!matcher.matches()) {
            return LOCAL;
        }
        String name = matcher.group(2);
        if (name == null) {
            return get && LISTS.contains(matcher.group(1)) ? new QueryRoute(Kind.JOBS, null) : LOCAL;
        }
        return new QueryRoute(Kind.OWNER, name);
    }

    public boolean merged() {
        return kind == Kind.JOBS || kind == Kind.ALL_JOBS || kind == Kind.RUNNERS || kind == Kind.VERIFY;
    }
}
