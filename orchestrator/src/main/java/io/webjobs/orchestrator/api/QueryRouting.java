package io.webjobs.orchestrator.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.webjobs.contract.Topics;
import io.webjobs.orchestrator.cluster.InstanceClient;
import io.webjobs.orchestrator.cluster.InstanceHeaders;
import io.webjobs.orchestrator.cluster.InstanceUnavailableException;
import io.webjobs.orchestrator.cluster.KeyOwner;
import io.webjobs.orchestrator.cluster.ListMerge;
import io.webjobs.orchestrator.cluster.LogBatchFrames;
import io.webjobs.orchestrator.cluster.QueryRoute;
import io.webjobs.orchestrator.cluster.RoutedRunLogs;
import io.webjobs.orchestrator.cluster.RoutingDecision;
import io.webjobs.orchestrator.query.RunLogs;
import io.webjobs.orchestrator.topology.JobTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster's edge of the API (several orchestrators, one application id): a request about one job is
 * answered by the instance owning the job's partition — forwarded there once, with the caller's credentials,
 * when that is another instance — and a list is this instance's answer merged with every other instance's
 * own answer. The routes themselves stay single-instance code. See {@link QueryRoute} for which is which.
 */
final class QueryRouting {

    private final KeyOwner owners;
    private final InstanceClient client;
    private final ApiCredentials credentials;
    private final RunLogs localLogs;

    QueryRouting(KeyOwner owners, InstanceClient client, ApiCredentials credentials, RunLogs localLogs) {
        this.owners = owners;
        this.client = client;
        this.credentials = credentials;
        this.localLogs = localLogs;
    }

    /** Register right after the guard and before {@link ListETags}, so the tag is computed over the merged list. */
    void register(Javalin app) {
        app.before(this::route);
        app.after(this::merge);
        app.get(RoutedRunLogs.PATH, this::ownRunLogs);
    }

    private void route(Context ctx) throws IOException {
        ctx.header(InstanceHeaders.ANSWERED_BY, owners.self());
        QueryRoute route = QueryRoute.of(ctx.method().name(), ctx.path());
        boolean hop = ctx.header(InstanceHeaders.HOP) != null;
        if (route.kind() == QueryRoute.Kind.OWNER) {
            RoutingDecision decision = RoutingDecision.decide(
                    owners.of(JobTopology.JOB_STORE, Topics.jobKey(route.job())), hop);
            if (decision instanceof RoutingDecision.Forward forward) {
                forward(ctx, forward.url(), Map.of());
            } else if (decision instanceof RoutingDecision.Unavailable unavailable) {
                throw new InstanceUnavailableException(unavailable.reason());
            }
        } else if (route.merged() && !hop && ctx.header(InstanceHeaders.DELEGATED) == null) {
            List<String> hosts = owners.hosts(JobTopology.JOB_STORE);
            if (!hosts.isEmpty() && !hosts.contains(owners.self())) {
                // this instance owns no job (more instances than partitions): one that does merges for it
                forward(ctx, hosts.get(0), Map.of(InstanceHeaders.DELEGATED, owners.self()));
            }
        }
    }

    private void forward(Context ctx, String owner, Map<String, String> extra) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : InstanceHeaders.FORWARDED) {
            String value = ctx.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        headers.putAll(hopHeaders(ctx));
        headers.putAll(extra);
        if (!extra.isEmpty()) {
            headers.remove(InstanceHeaders.HOP); // a delegated list is merged there, not answered from its own jobs
        }
        String query = ctx.queryString();
        boolean streaming = "true".equalsIgnoreCase(ctx.queryParam("follow"));
        String method = ctx.method().name();
        byte[] body = method.equals("PUT") || method.equals("POST") ? ctx.bodyAsBytes() : null;
        HttpResponse<InputStream> response = client.send(method, owner + ctx.path() + (query == null ? "" : "?" + query),
                headers, body, streaming);
        ctx.skipRemainingHandlers();
        ctx.status(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!InstanceHeaders.NOT_COPIED_BACK.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                ctx.header(name, values.get(0));
            }
        });
        try (InputStream in = response.body()) {
            if (!streaming) {
                ctx.result(in.readAllBytes());
                return;
            }
            OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush(); // a live tail: each chunk as the owner sends it
            }
        }
    }

    private void merge(Context ctx) {
        QueryRoute route = QueryRoute.of(ctx.method().name(), ctx.path());
        if (!route.merged() || ctx.header(InstanceHeaders.HOP) != null || ctx.statusCode() != 200) {
            return;
        }
        String local = ctx.result();
        if (local == null) {
            return;
        }
        List<String> answers = new ArrayList<>();
        answers.add(local);
        String query = ctx.queryString();
        Map<String, String> headers = new LinkedHashMap<>(hopHeaders(ctx));
        headers.put("Authorization", credentials.header());
        for (String host : owners.hosts(JobTopology.JOB_STORE)) {
            if (!host.equals(owners.self())) {
                answers.add(new String(client.get(host + ctx.path() + (query == null ? "" : "?" + query), headers),
                        StandardCharsets.UTF_8));
            }
        }
        ctx.result(ListMerge.merge(route.kind(), answers));
    }

    /** This instance's own {@code run-logs} partitions, for the instance answering for the run's job. */
    private void ownRunLogs(Context ctx) {
        String prefix = ctx.queryParam("prefix");
        if (prefix == null || prefix.isEmpty()) {
            throw new ApiException(400, "prefix is required");
        }
        ctx.contentType(LogBatchFrames.CONTENT_TYPE).result(LogBatchFrames.encode(localLogs.scan(null, prefix)));
    }

    private Map<String, String> hopHeaders(Context ctx) {
        return Map.of(InstanceHeaders.HOP, owners.self(), InstanceHeaders.BASE, base(ctx),
                InstanceHeaders.CALLER, callerIp(ctx));
    }

    /** The address of whoever called, through one hop. */
    static String callerIp(Context ctx) {
        return InstanceHeaders.caller(InstanceHeaders.forwarded(ctx::header), ctx.header(InstanceHeaders.CALLER), ctx.ip());
    }

    /** The scheme and host the user called, through one hop: absolute URLs in answers point there. */
    static String base(Context ctx) {
        return InstanceHeaders.base(InstanceHeaders.forwarded(ctx::header), ctx.header(InstanceHeaders.BASE),
                ctx.scheme(), ctx.host());
    }
}
