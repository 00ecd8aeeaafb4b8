package io.webjobs.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdvertisedAddressTest {

    @Test
    void shouldTakeTheAdvertisedUrl() {
        AdvertisedAddress address = AdvertisedAddress.of("http://orchestrator-1:8080", "0.0.0.0", 9000, () -> "box");
        assertThat(address.applicationServer()).isEqualTo("orchestrator-1:8080");
        assertThat(address.url()).isEqualTo("http://orchestrator-1:8080");
        assertThat(AdvertisedAddress.of("orchestrator-2:8081", "0.0.0.0", 9000, () -> "box").url())
                .isEqualTo("http://orchestrator-2:8081");
        assertThat(AdvertisedAddress.of("http://orchestrator-3/", "0.0.0.0", 9000, () -> "box").port()).isEqualTo(80);
    }

    @Test
    void shouldDefaultToTheBindAddressOrTheHostNameWhenBindingEveryInterface() {
        assertThat(AdvertisedAddress.of(null, "10.0.0.7", 8080, () -> "box").url()).isEqualTo("http://10.0.0.7:8080");
        assertThat(AdvertisedAddress.of(" ", "0.0.0.0", 8080, () -> "box").url()).isEqualTo("http://box:8080");
        assertThat(AdvertisedAddress.of(null, "::", 8080, () -> "box").url()).isEqualTo("http://box:8080");
    }

    @Test
    void shouldRefuseWhatIsNotAHostAndPort() {
        assertThatThrownBy(() -> AdvertisedAddress.of("https://orchestrator-1:8443", "0.0.0.0", 8080, () -> "box"))
                .hasMessageContaining("must be http://host:port");
        assertThatThrownBy(() -> AdvertisedAddress.of("http://orchestrator-1:8080/api", "0.0.0.0", 8080, () -> "box"))
                .hasMessageContaining("without a path");
        assertThatThrownBy(() -> AdvertisedAddress.of("http://orchestrator-1:0", "0.0.0.0", 8080, () -> "box"))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> AdvertisedAddress.of("http://a b:80", "0.0.0.0", 8080, () -> "box"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
