package io.webjobs.orchestrator.it;

import static io.webjobs.orchestrator.it.CliEndToEndTest.cliAs;
import static io.webjobs.orchestrator.it.TriggeredJobEndToEndTest.uniqueName;
import static io.webjobs.orchestrator.it.Zips.aZipWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.webjobs.orchestrator.api.ApiCredentials;
import io.webjobs.orchestrator.it.CliEndToEndTest.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Basic auth on every route but /health, cross-site refusal and upload limits, as a client sees them. */
class ApiSecurityEndToEndTest {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private final TestSystem system = TestSystem.get();
    private final Api api = new Api(system.baseUrl());

    @Test
    void shouldRefuseEveryRouteWithoutCredentials() {
        List<String[]> routes = endpoints();
        assertThat(routes).as("the Kudu routes, their aliases and the v2 routes").hasSizeGreaterThan(40);
        Api anonymous = Api.anonymous(system.baseUrl());
        Api wrongPassword = new Api(system.baseUrl(), ApiCredentials.basic(TestSystem.USER, "wrong"));
        Api wrongUser = new Api(system.baseUrl(), ApiCredentials.basic("someone", TestSystem.PASSWORD));

        for (String[] route : routes) {
            String path = route[1].replaceAll("\\{[^}]+}", "x").replaceAll("<[^>]+>", "x");
            for (Api client : List.of(anonymous, wrongPassword, wrongUser)) {
                Api.Response response = client.send(route[0], path, Map.of());
                assertThat(response.status()).as(route[0] + " " + path).isEqualTo(401);
                assertThat(response.raw().headers().firstValue("WWW-Authenticate")).as(path)
                        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
                if (path.startsWith("/api/v2")) {
                    assertThat(response.json().get("error").asText()).isEqualTo("unauthorized");
                    assertThat(response.json().get("detail").asText()).isNotBlank();
                } else {
                    assertThat(response.json().get("Message").asText()).contains("credentials");
                }
            }
        }
    }

    @Test
    void shouldListTheKuduRoutesAndAliasesAmongTheProtectedOnes() {
        List<String> paths = endpoints().stream().map(r -> r[0] + " " + r[1]).toList();

        for (String prefix : List.of("/api/triggeredwebjobs", "/api/triggeredjobs", "/jobs/triggered", "/api/jobs/triggered",
                "/api/continuouswebjobs", "/api/continuousjobs", "/jobs/continuous", "/api/jobs/continuous")) {
            assertThat(paths).as(prefix).contains("GET " + prefix, "PUT " + prefix + "/{name}",
                    "DELETE " + prefix + "/{name}");
        }
        assertThat(paths).contains("POST /api/triggeredwebjobs/{name}/run", "POST /api/continuouswebjobs/{name}/stop");
    }

    @Test
    void shouldAnswerHealthWithoutCredentials() {
        assertThat(Api.anonymous(system.baseUrl()).get("/health").status()).isEqualTo(200);
    }

    @Test
    void shouldChangeNothingForAnAnonymousDeploy() {
        String job = uniqueName("anonymous");

        Api.Response refused = Api.anonymous(system.baseUrl()).putZip("/api/triggeredwebjobs/" + job, "job.zip",
                aZipWith("run.sh", "echo hi\n"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAStateChangeFromAnotherSiteEvenWithTheBrowsersCredentials() {
        String job = uniqueName("csrf");
        api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith("run.sh", "echo hi\n"));

        Api.Response forged = api.send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("Origin", "http://evil.example"));
        Api.Response crossSite = api.send("DELETE", "/api/triggeredwebjobs/" + job,
                Map.of("Sec-Fetch-Site", "cross-site"));
        Api.Response sameOrigin = api.send("POST", "/api/triggeredwebjobs/" + job + "/run",
                Map.of("Origin", system.baseUrl()));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("Message").asText()).contains("another site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(200);
        assertThat(sameOrigin.status()).isEqualTo(202);
        assertThat(api.get("/api/triggeredwebjobs/" + job + "/history").json().get("runs")).hasSize(1);
    }

    @Test
    void shouldAnswer413ForAnUploadLargerThanTheLimit() {
        String job = uniqueName("too-big");

        Api.Response response = api.put("/api/triggeredwebjobs/" + job, "application/octet-stream",
                "attachment; filename=run.sh", new byte[(int) TestSystem.UPLOAD_LIMITS.maxUploadBytes() + 1]);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("Message").asText()).contains("larger than the limit");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer413ForAZipWithTooManyEntries() throws IOException {
        String job = uniqueName("many-files");
        String[] files = new String[2 * (TestSystem.UPLOAD_LIMITS.maxEntries() + 1)];
        for (int i = 0; i < files.length; i += 2) {
            files[i] = "f" + i + ".txt";
            files[i + 1] = "x";
        }
        files[0] = "run.sh";

        Api.Response response = api.putZip("/api/triggeredwebjobs/" + job, "job.zip", aZipWith(files));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("Message").asText()).contains("more than " + TestSystem.UPLOAD_LIMITS.maxEntries()
                + " entries");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldAnswer413ForAZipThatUnpacksPastTheLimit() throws IOException {
        String job = uniqueName("zip-bomb");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("run.sh"));
            out.write("echo hi\n".getBytes());
            out.putNextEntry(new ZipEntry("zeros.bin"));
            out.write(new byte[(int) TestSystem.UPLOAD_LIMITS.maxUnpackedBytes() + 1]);
        }

        Api.Response response = api.putZip("/api/triggeredwebjobs/" + job, "job.zip", zip.toByteArray());

        assertThat(zip.size()).isLessThan((int) TestSystem.UPLOAD_LIMITS.maxUploadBytes());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("Message").asText()).contains("unpacks to more than");
        assertThat(api.get("/api/triggeredwebjobs/" + job).status()).isEqualTo(404);
    }

    @Test
    void shouldTellTheCliUserWhenCredentialsAreMissingOrWrong() {
        String url = system.baseUrl();

        Result missing = cliAs(new String[0], "status", "x", "--url", url);
        Result wrong = cliAs(new String[] {"--user", TestSystem.USER, "--password", "nope"}, "status", "x", "--url", url);

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("401 wrong or missing credentials").contains("--password");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("401").doesNotContain("nope");
    }

    private List<String[]> endpoints() {
        return system.routes().stream().map(r -> r.split(" ", 2)).filter(r -> METHODS.contains(r[0]))
                .filter(r -> !r[1].equals("/health")).toList();
    }
}
