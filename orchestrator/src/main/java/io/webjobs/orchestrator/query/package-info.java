/** Interactive queries over the topology's state stores. */
package io.webjobs.orchestrator.query;
