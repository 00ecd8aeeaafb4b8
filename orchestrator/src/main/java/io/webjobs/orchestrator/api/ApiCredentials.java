package io.webjobs.orchestrator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one user and password of the API (HTTP Basic). Both are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the time taken nor a length difference tells a caller how close a
 * guess was. {@link #toString()} never shows the password: a config logged by accident leaks nothing.
 */
public final class ApiCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    private ApiCredentials(String user, String password) {
        this.user = user;
        this.password = password;
        this.userDigest = sha256(user);
        this.passwordDigest = sha256(password);
    }

    /** @throws IllegalArgumentException for a blank user or password, or a user with ':' (Basic cannot carry it) */
    public static ApiCredentials of(String user, String password) {
        if (user == null || user.isBlank() || user.contains(":")) {
            throw new IllegalArgumentException("the API user must be non-blank and must not contain ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the API password must not be empty");
        }
        return new ApiCredentials(user, password);
    }

    /** A user with a fresh random password (144 bits, URL-safe base64). */
    public static ApiCredentials random(String user) {
        return of(user, randomSecret());
    }

    static String randomSecret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String user() {
        return user;
    }

    /** For the one place that shows a generated password once (the {@code up} banner) and the password file. */
    public String password() {
        return password;
    }

    /** True when an {@code Authorization} header carries this user and password. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(userDigest, sha256(decoded.substring(0, colon)));
        boolean passwordMatches = MessageDigest.isEqual(passwordDigest, sha256(decoded.substring(colon + 1)));
        return userMatches & passwordMatches;
    }

    /** The {@code Authorization} header value a client sends. */
    public String header() {
        return basic(user, password);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiCredentials[user=" + user + ", password=***]";
    }
}
