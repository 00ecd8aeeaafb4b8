/** Process wiring: configuration, topic creation and start/stop of one orchestrator. */
package io.webjobs.orchestrator.app;
