package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceHeadersTest {

    @Test
    void shouldBuildUrlsFromTheInstanceTheUserCalledWhenAnotherInstanceForwarded() {
        assertThat(InstanceHeaders.base(true, "http://localhost:8081", "http", "orchestrator-2:8080"))
                .isEqualTo("http://localhost:8081");
        assertThat(InstanceHeaders.base(true, "https://jobs.example.com", "http", "orchestrator-2:8080"))
                .isEqualTo("https://jobs.example.com");
    }

    @Test
    void shouldBuildUrlsFromThisRequestOtherwise() {
        assertThat(InstanceHeaders.base(false, "http://elsewhere:1", "http", "orchestrator-2:8080"))
                .isEqualTo("http://orchestrator-2:8080");
        assertThat(InstanceHeaders.base(true, null, "http", "orchestrator-2:8080")).isEqualTo("http://orchestrator-2:8080");
        assertThat(InstanceHeaders.base(true, "javascript:alert(1)//", "http", "orchestrator-2:8080"))
                .isEqualTo("http://orchestrator-2:8080");
        assertThat(InstanceHeaders.base(true, "http://a/path\r\nX: y", "http", "orchestrator-2:8080"))
                .isEqualTo("http://orchestrator-2:8080");
    }

    @Test
    void shouldNameTheCallerTheForwardingInstanceSaw() {
        assertThat(InstanceHeaders.caller(true, "203.0.113.9", "10.0.0.2")).isEqualTo("203.0.113.9");
        assertThat(InstanceHeaders.caller(false, "203.0.113.9", "10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(InstanceHeaders.caller(true, "not an address", "10.0.0.2")).isEqualTo("10.0.0.2");
    }

    @Test
    void shouldTellAForwardedRequestByItsHopOrDelegationHeader() {
        assertThat(InstanceHeaders.forwarded(Map.of(InstanceHeaders.HOP, "http://a:1")::get)).isTrue();
        assertThat(InstanceHeaders.forwarded(Map.of(InstanceHeaders.DELEGATED, "http://a:1")::get)).isTrue();
        assertThat(InstanceHeaders.forwarded(Map.<String, String>of()::get)).isFalse();
    }
}
