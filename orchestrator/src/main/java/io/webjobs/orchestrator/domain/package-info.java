/**
 * The job domain: the pure fold ({@link io.webjobs.orchestrator.domain.JobFold#apply}) and decision
 * ({@link io.webjobs.orchestrator.domain.JobDecisions#decide}). No Kafka, no HTTP, no clock: time
 * comes in as an argument.
 */
package io.webjobs.orchestrator.domain;
