/**
 * The webjobs Kafka contract a user's service depends on: the Avro types ({@code io.webjobs.avro}),
 * the one serde ({@link io.webjobs.contract.AvroSerde}), the topic registry
 * ({@link io.webjobs.contract.Topics}) and the command producer
 * ({@link io.webjobs.contract.CommandPublisher}, {@link io.webjobs.contract.JobCommands}). No server code.
 */
package io.webjobs.contract;
