package io.webjobs.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ApiCredentialsTest {

    private final ApiCredentials credentials = ApiCredentials.of("admin", "s3cret:with-colon");

    @Test
    void shouldAcceptTheUserAndPassword() {
        assertThat(credentials.accepts(ApiCredentials.basic("admin", "s3cret:with-colon"))).isTrue();
        assertThat(credentials.accepts("basic " + encoded("admin:s3cret:with-colon"))).isTrue();
    }

    @Test
    void shouldRefuseAWrongUserPasswordOrHeader() {
        assertThat(credentials.accepts(ApiCredentials.basic("admin", "s3cret"))).isFalse();
        assertThat(credentials.accepts(ApiCredentials.basic("root", "s3cret:with-colon"))).isFalse();
        assertThat(credentials.accepts(null)).isFalse();
        assertThat(credentials.accepts("Bearer abc")).isFalse();
        assertThat(credentials.accepts("Basic !!not-base64!!")).isFalse();
        assertThat(credentials.accepts("Basic " + encoded("no-colon"))).isFalse();
    }

    @Test
    void shouldNeverShowThePasswordInItsText() {
        assertThat(credentials.toString()).contains("admin").doesNotContain("s3cret");
    }

    @Test
    void shouldGenerateADifferentLongPasswordEachTime() {
        String one = ApiCredentials.random("admin").password();
        String two = ApiCredentials.random("admin").password();

        assertThat(one).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(two);
    }

    @Test
    void shouldRefuseAUserWithAColonOrAnEmptyPassword() {
        assertThatThrownBy(() -> ApiCredentials.of("a:b", "x")).hasMessageContaining("':'");
        assertThatThrownBy(() -> ApiCredentials.of("admin", "")).hasMessageContaining("password");
    }

    private static String encoded(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
