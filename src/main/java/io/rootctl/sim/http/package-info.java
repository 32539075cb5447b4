/**
 * The AWS emulator's wire: {@link io.rootctl.sim.http.EmulatorServer} serves a {@link
 * io.rootctl.sim.SimulatedOrganization} on loopback over the protocols the AWS SDK speaks:
 * Organizations over JSON 1.1, IAM and STS over the query protocol (XML responses), told apart by
 * the SigV4 credential scope (signatures are not verified). It only translates: every rule lives in
 * the simulated organization. A JSON control plane under {@code /_sim/} reads and changes the
 * state, the journal, the faults and the clock.
 */
@NullMarked
package io.rootctl.sim.http;

import org.jspecify.annotations.NullMarked;
