package io.rootctl.sim;

import java.time.Instant;

/** A service principal with trusted access, and since when. */
public record ServiceAccessView(String servicePrincipal, Instant dateEnabled) {}
