/** The HTTP edge: Kudu-compatible WebJobs routes over the command publisher and the topology's stores. */
package io.webjobs.orchestrator.api;
