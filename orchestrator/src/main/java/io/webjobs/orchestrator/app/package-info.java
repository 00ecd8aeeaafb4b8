/** Process wiring: configuration, topic creation and start/stop of one orchestrator, and of {@code up}'s runner JVMs. */
package io.webjobs.orchestrator.app;
