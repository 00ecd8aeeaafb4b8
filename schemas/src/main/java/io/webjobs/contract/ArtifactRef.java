package io.webjobs.contract;

/** A job's uploaded content on the artifacts topic, named by the SHA-256 of its zip bytes. */
public record ArtifactRef(String digest, long size) {
}
