/**
 * Caffeine decorators of the cloud ports for the long-running controller: the organization tree and
 * each account's audited root credentials are read at most once per resync period, and root
 * sessions are reused only while they have a safety margin left before expiry. Time is an injected
 * {@code Clock}, read through a Caffeine ticker. Writes, and the reads right before them, always go
 * to the undecorated port.
 */
@NullMarked
package io.rootctl.cloud.cache;

import org.jspecify.annotations.NullMarked;
