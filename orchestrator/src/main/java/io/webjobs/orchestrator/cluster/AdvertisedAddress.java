package io.webjobs.orchestrator.cluster;

import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where the other orchestrators reach this one: Kafka Streams' {@code application.server} ({@code host:port}),
 * published to every instance of the application with the partitions this one owns, and the base URL of the
 * internal HTTP hop. Given as {@code --advertised-url http://orchestrator-1:8080} (or {@code host:port}); without
 * it, the API's bind address, or the machine's host name when the API binds every interface.
 */
public record AdvertisedAddress(String host, int port) {

    public AdvertisedAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the advertised host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the advertised port must be 1-65535, was " + port);
        }
    }

    /**
     * @param advertised {@code http://host:port}, {@code host:port}, or null/blank for the default
     * @param bindHost the API's bind address
     * @param port the API's port (already resolved when it was 0)
     * @param hostName this machine's name, asked only when the API binds every interface
     * @throws IllegalArgumentException when {@code advertised} is not a host and port (the message says why)
     */
    public static AdvertisedAddress of(String advertised, String bindHost, int port, Supplier<String> hostName) {
        if (advertised == null || advertised.isBlank()) {
            boolean everyInterface = bindHost == null || bindHost.isBlank() || bindHost.equals("0.0.0.0")
                    || bindHost.equals("::") || bindHost.equals("[::]");
            return new AdvertisedAddress(everyInterface ? hostName.get() : bindHost, port);
        }
        String text = advertised.strip();
        URI uri;
        try {
            uri = URI.create(text.contains("://") ? text : "http://" + text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the advertised URL '" + advertised + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the advertised URL '" + advertised
                    + "' must be http://host:port (the instances call each other over plain HTTP)");
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
            throw new IllegalArgumentException("the advertised URL '" + advertised + "' must be http://host:port, "
                    + "without a path");
        }
        return new AdvertisedAddress(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
    }

    /** Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return host + ":" + port;
    }

    /** The base URL other instances call. */
    public String url() {
        return "http://" + applicationServer();
    }
}
