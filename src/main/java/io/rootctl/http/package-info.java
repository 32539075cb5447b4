/**
 * The controller's HTTP endpoints on the JDK {@code HttpServer}: {@code /metrics} (Prometheus text
 * format), {@code /healthz} (alive and the loop not stuck), {@code /readyz} (a desired state
 * loaded, one run finished, no load stuck) and {@code /status} (JSON of the last runs); every other
 * path is 404. It serves what it is given and decides nothing.
 */
@NullMarked
package io.rootctl.http;

import org.jspecify.annotations.NullMarked;
