/** The {@code webjobs} command line: {@code up} (all-in-one) and the API client commands. */
package io.webjobs.orchestrator.cli;
