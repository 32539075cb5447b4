/**
 * The AWS emulator's wire: {@link io.rootctl.sim.http.EmulatorServer} serves a {@link
 * io.rootctl.sim.SimulatedOrganization} on loopback, routing each request by the service its SigV4
 * credential scope names (signatures are not verified) to the {@link
 * io.rootctl.sim.http.ServiceHandler} registered for it: one per AWS service (as moto's {@code
 * responses.py}), over a shared protocol engine: Organizations over JSON 1.1 ({@link
 * io.rootctl.sim.http.JsonProtocol}), IAM and STS over the query protocol with XML responses
 * ({@link io.rootctl.sim.http.QueryProtocol}). It only translates: every rule lives in the service
 * backends. A JSON control plane under {@code /_sim/} reads and changes the state, the journal, the
 * faults and the clock.
 */
@NullMarked
package io.rootctl.sim.http;

import org.jspecify.annotations.NullMarked;
