/**
 * Turns port calls into a {@link io.rootctl.live.LiveState}: the organization's features and
 * trusted access, then per active member account one audit root session, concurrently on virtual
 * threads with bounded parallelism. An account that cannot be read is "observation failed, because
 * ..." with the AWS operation, error code and request id; never "no credentials".
 */
@NullMarked
package io.rootctl.observe;

import org.jspecify.annotations.NullMarked;
