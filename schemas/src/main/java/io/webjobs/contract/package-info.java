/**
 * The webjobs Kafka contract, the one jar a user's service depends on (no server code):
 * <ul>
 *   <li>the Avro types ({@code io.webjobs.avro}): commands ({@code JobCommand}), events
 *       ({@code JobEvent}), the published status ({@code JobStatus}) and the runner's records;</li>
 *   <li>the one serde ({@link io.webjobs.contract.AvroSerde}): Avro single-object encoding, decoding every
 *       released schema version;</li>
 *   <li>the topic registry ({@link io.webjobs.contract.Topics}): names, keys, serdes, partition counts,
 *       retention;</li>
 *   <li>the producer API: {@link io.webjobs.contract.JobCommands} builds commands,
 *       {@link io.webjobs.contract.CommandPublisher} sends them and awaits their
 *       {@link io.webjobs.contract.CommandOutcome}, {@link io.webjobs.contract.ArtifactPublisher} stores
 *       the zip a deploy command names.</li>
 * </ul>
 * Every command ends in at least one event on {@code webjobs.events} whose {@code causedBy} is its
 * {@code commandId}; a command id is applied once within the 7 days the orchestrator remembers it.
 */
package io.webjobs.contract;
