/** The Kafka Streams topology: thin processors that load state, call the domain, store and forward. */
package io.webjobs.orchestrator.topology;
