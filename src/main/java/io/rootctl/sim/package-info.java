/**
 * A simulated AWS organization with centralized root access, split as moto splits its services:
 * {@link io.rootctl.sim.SimulatedOrganization} is the shared core (the state: the organization, its
 * OU tree, its accounts and each member account's root user; and the call pipeline every API call
 * goes through: caller resolution, task-policy check, seeded deterministic faults (latency,
 * token-bucket throttling, 5xx), journal), and each AWS service is one backend over it ({@link
 * io.rootctl.sim.OrganizationsBackend}, {@link io.rootctl.sim.IamBackend}, {@link
 * io.rootctl.sim.StsBackend}) answering the operations rootctl uses with AWS's rules and error
 * codes (as {@link io.rootctl.sim.SimException}s). {@link io.rootctl.sim.Fixture} is the state
 * written down. {@link io.rootctl.sim.InMemoryCloud} implements the engine's cloud ports over the
 * backends for fast in-process tests; the {@code sim.http} package serves them over the real AWS
 * wire protocols. docs/emulator.md describes the fixture format and how a new service joins.
 */
@NullMarked
package io.rootctl.sim;

import org.jspecify.annotations.NullMarked;
